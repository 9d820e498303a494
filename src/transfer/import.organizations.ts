import { EntityManager, In } from "typeorm";
import { GrantWindow, UNBOUNDED } from "../common/grant-window";
import { LIMITS } from "../common/limits";
import { textProblem } from "../common/validators";
import { OrganizationMemberRole, OrganizationMembership } from "../organizations/organization-links.entity";
import { Organization } from "../organizations/organization.entity";
import { ORGANIZATION_ID, ORGANIZATION_NAME } from "../organizations/organization.inputs";
import { metadataProblem } from "../organizations/organization.service";
import { ensureUsers } from "../users/user-stubs";
import { ResultingModel } from "./import.references";
import { ImportProblem } from "./transfer.format";
import { checkGrantList, windowOfRecord } from "./import.windows";
import { ImportCounts } from "./transfer.types";

/** A member of an organization in the file, with the windows of time-bound grants (docs/design.md §13.3). */
export interface OrganizationMemberEntry {
  userId: string;
  roles: string[];
  /** The membership's own window (`validFrom`, `expiresAt` on the member). */
  window: GrantWindow;
  /** Windows of member roles (`roleGrants`), by role id; each role is in `roles` too. */
  roleGrants?: Map<string, GrantWindow>;
}

/** One organization of the file (docs/design.md §12: `{id, name, displayName, metadata, members: [{userId, roles}]}`). */
export interface OrganizationEntry {
  index: number;
  id: string;
  name: string;
  /** undefined: not in the file (MERGE keeps the stored value; new ones get the name). */
  displayName: string | undefined;
  metadata: Record<string, string> | undefined;
  /** undefined: not in the file (MERGE keeps the stored members). */
  members: OrganizationMemberEntry[] | undefined;
}

const ORGANIZATION_KEYS = new Set(["id", "name", "displayName", "metadata", "members"]);
const MEMBER_KEYS = new Set(["userId", "roles", "validFrom", "expiresAt", "roleGrants"]);
const BATCH = 500;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value);

/** The `organizations` key's shape, every problem with its path; the entries that are well formed. */
export function checkOrganizationsShape(list: unknown): { entries: OrganizationEntry[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const entries: OrganizationEntry[] = [];
  if (list === undefined) return { entries, problems };
  if (!Array.isArray(list)) return { entries, problems: [{ path: "organizations", message: `must be an array, not ${describe(list)}` }] };
  const problem = (path: string, message: string) => problems.push({ path, message });
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  list.forEach((record, index) => {
    const path = `organizations[${index}]`;
    if (!isObject(record)) return problem(path, `must be an object, not ${describe(record)}`);
    for (const key of Object.keys(record)) if (!ORGANIZATION_KEYS.has(key)) problem(`${path}.${key}`, `unknown key (expected ${[...ORGANIZATION_KEYS].join(", ")})`);
    const { id, name, displayName, metadata, members } = record;
    let ok = true;
    if (typeof id !== "string" || id.length < 1 || id.length > LIMITS.organizationId || !ORGANIZATION_ID.test(id)) {
      ok = false;
      problem(`${path}.id`, `must be 1–${LIMITS.organizationId} of [A-Za-z0-9_-], not ${describe(id)}`);
    } else if (ids.has(id)) {
      ok = false;
      problem(`${path}.id`, `duplicate organization id "${id}" (also organizations[${ids.get(id)}])`);
    } else ids.set(id, index);
    if (typeof name !== "string" || name.length < 1 || name.length > LIMITS.organizationName || !ORGANIZATION_NAME.test(name)) {
      ok = false;
      problem(`${path}.name`, `must be 1–${LIMITS.organizationName} of [a-z0-9_-], not ${describe(name)}`);
    } else if (names.has(name)) {
      ok = false;
      problem(`${path}.name`, `duplicate organization name "${name}" (also organizations[${names.get(name)}])`);
    } else names.set(name, index);
    if (displayName !== undefined && (typeof displayName !== "string" || displayName.length > LIMITS.organizationDisplayName || textProblem(displayName))) {
      ok = false;
      problem(`${path}.displayName`, textProblem(displayName) ?? `must be a string of at most ${LIMITS.organizationDisplayName} characters, not ${describe(displayName)}`);
    }
    const metadataIssue = metadata === undefined ? null : metadataProblem(metadata);
    if (metadataIssue) {
      ok = false;
      problem(`${path}.metadata`, metadataIssue);
    }
    let parsedMembers: OrganizationEntry["members"];
    if (members !== undefined) {
      if (!Array.isArray(members)) {
        ok = false;
        problem(`${path}.members`, `must be an array of {userId, roles}, not ${describe(members)}`);
      } else {
        parsedMembers = [];
        const seen = new Set<string>();
        members.forEach((member, j) => {
          const at = `${path}.members[${j}]`;
          if (!isObject(member)) return problem(at, `must be an object {userId, roles}, not ${describe(member)}`);
          for (const key of Object.keys(member)) if (!MEMBER_KEYS.has(key)) problem(`${at}.${key}`, `unknown key (expected ${[...MEMBER_KEYS].join(", ")})`);
          const { userId, roles } = member;
          if (typeof userId !== "string" || userId.trim().length === 0 || userId.length > LIMITS.externalId || textProblem(userId)) {
            return problem(`${at}.userId`, textProblem(userId) ?? `must be a user id of 1–${LIMITS.externalId} characters, not ${describe(userId)}`);
          }
          if (seen.has(userId)) return problem(`${at}.userId`, `duplicate member "${userId}"`);
          seen.add(userId);
          if (roles !== undefined && (!Array.isArray(roles) || roles.some((r) => typeof r !== "string" || r.length === 0 || r.length > LIMITS.id))) {
            return problem(`${at}.roles`, `must be an array of role ids, not ${describe(roles)}`);
          }
          const roleIds = [...new Set((roles as string[] | undefined) ?? [])];
          const window = windowOfRecord(member, at, problem);
          const roleGrants = checkGrantList(member.roleGrants, `${at}.roleGrants`, "roleId", roleIds, "roles", problem);
          if (!window) return;
          parsedMembers!.push({ userId, roles: roleIds, window, roleGrants });
        });
      }
    }
    if (ok)
      entries.push({
        index,
        id: id as string,
        name: name as string,
        displayName: displayName as string | undefined,
        metadata: metadata as Record<string, string> | undefined,
        members: parsedMembers,
      });
  });
  return { entries, problems };
}

/** What the organizations of the file change, against the stored ones. */
export interface OrganizationPlan {
  entries: OrganizationEntry[];
  stored: Map<string, Organization>;
  /** REPLACE: stored organizations the file does not list. */
  deleted: string[];
}

/** References and names against what the import leaves: member roles must exist; names must stay unique. */
export async function checkOrganizationReferences(
  manager: EntityManager,
  entries: OrganizationEntry[],
  result: ResultingModel,
): Promise<{ problems: ImportProblem[]; plan: OrganizationPlan }> {
  const problems: ImportProblem[] = [];
  const stored = new Map((await manager.find(Organization)).map((o) => [o.id, o]));
  const inFile = new Set(entries.map((e) => e.id));
  for (const entry of entries) {
    if (result.merge) {
      for (const other of stored.values()) {
        if (other.name === entry.name && other.id !== entry.id && !inFile.has(other.id)) {
          problems.push({ path: `organizations[${entry.index}].name`, message: `name "${entry.name}" is held by the stored organization "${other.id}"` });
        }
      }
    }
    entry.members?.forEach((member, j) =>
      member.roles.forEach((roleId, k) => {
        if (!result.role(roleId)) problems.push({ path: `organizations[${entry.index}].members[${j}].roles[${k}]`, message: `unknown role id "${roleId}"` });
      }),
    );
  }
  const deleted = result.merge ? [] : [...stored.keys()].filter((id) => !inFile.has(id)).sort();
  return { problems, plan: { entries, stored, deleted } };
}

/** Counts of what the plan changes (created, updated, deleted organizations). */
export function countOrganizations(plan: OrganizationPlan, created: ImportCounts, updated: ImportCounts, deleted: ImportCounts): void {
  for (const entry of plan.entries) {
    const before = plan.stored.get(entry.id);
    if (!before) created.organizations += 1;
    else if (
      before.name !== entry.name ||
      (entry.displayName !== undefined && before.displayName !== entry.displayName) ||
      (entry.metadata !== undefined && JSON.stringify(before.metadata) !== JSON.stringify(entry.metadata)) ||
      entry.members !== undefined
    ) {
      updated.organizations += 1;
    }
  }
  deleted.organizations = plan.deleted.length;
}

/** Writes the organizations in the import's transaction, after the rest (roles and users exist by then). */
export async function writeOrganizations(manager: EntityManager, plan: OrganizationPlan, replace: boolean): Promise<void> {
  for (let i = 0; i < plan.deleted.length; i += BATCH) {
    const ids = plan.deleted.slice(i, i + BATCH);
    await manager.delete(OrganizationMemberRole, { organizationId: In(ids) });
    await manager.delete(OrganizationMembership, { organizationId: In(ids) });
    await manager.delete(Organization, { id: In(ids) });
  }
  // Park the names of stored organizations the file renames, so that swapping names never meets the unique index.
  for (const entry of plan.entries) {
    const before = plan.stored.get(entry.id);
    if (before && before.name !== entry.name) await manager.update(Organization, { id: entry.id }, { name: `~${entry.id}`.slice(0, LIMITS.organizationName) });
  }
  for (const entry of plan.entries) {
    const before = plan.stored.get(entry.id);
    const keep = before && !replace;
    await manager.save(
      manager.create(Organization, {
        id: entry.id,
        name: entry.name,
        displayName: entry.displayName ?? (keep && before.displayName !== before.name ? before.displayName : entry.name),
        metadata: entry.metadata ?? (keep ? before.metadata : {}),
      }),
    );
    if (entry.members === undefined && !replace) continue;
    await manager.delete(OrganizationMemberRole, { organizationId: entry.id });
    await manager.delete(OrganizationMembership, { organizationId: entry.id });
    const members = entry.members ?? [];
    const userIds = members.map((m) => m.userId);
    for (let i = 0; i < userIds.length; i += BATCH) await ensureUsers(manager, userIds.slice(i, i + BATCH));
    const memberships = members.map((m) => ({ organizationId: entry.id, userId: m.userId, validFrom: m.window.validFrom, expiresAt: m.window.expiresAt }));
    for (let i = 0; i < memberships.length; i += BATCH) await manager.insert(OrganizationMembership, memberships.slice(i, i + BATCH));
    const roles = members.flatMap((m) =>
      m.roles.map((roleId) => {
        const window = m.roleGrants?.get(roleId) ?? UNBOUNDED;
        return { organizationId: entry.id, userId: m.userId, roleId, validFrom: window.validFrom, expiresAt: window.expiresAt };
      }),
    );
    for (let i = 0; i < roles.length; i += BATCH) await manager.insert(OrganizationMemberRole, roles.slice(i, i + BATCH));
  }
}

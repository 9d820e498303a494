import { EntityManager } from "typeorm";
import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { listNames, nameKey, newId } from "../common/names";
import { GrantWindow } from "../common/grant-window";
import { DatabaseKind } from "../db/data-source";
import { ResultingModel } from "./import.references";
import { ExistingState, loadLinks, loadUsers, storedUsersOutside, StoredApplication, StoredMapping, StoredUser } from "./import.state";
import { ConfigurationPatch, IdList } from "./import.model";
import { LINK_TABLES, LinkTable, SWITCHES } from "./transfer.format";
import { emptyCounts, ImportCounts } from "./transfer.types";

export interface ApplicationRow {
  id: string;
  name: string;
  type: ApplicationType;
  requiredRoles: string[];
  organizationUsage: OrganizationUsage;
  tenantRolesInOrganizations: boolean;
}
export interface NamedRow {
  id: string;
  name: string;
  description: string;
}
export interface OwnedRow extends NamedRow {
  applicationId: string;
}
export type UserRow = StoredUser;
export type MappingRow = StoredMapping;

/** The links of one kind the import writes: the owners whose lists it rewrites, and each owner's targets (sorted, unique). */
export interface LinkSet {
  owners: string[];
  targets: Map<string, string[]>;
  size: number;
}

export type LinkKind = keyof typeof LINK_TABLES;

/** The link tables of time-bound grants: group memberships and direct user roles. */
export type WindowedLinkKind = "memberships" | "userRoles";

/** The key of a link in ImportPlan.windows. */
export const linkKey = (owner: string, target: string) => `${owner}\u0000${target}`;

/** Everything the writer does, decided before any write; also the source of the counts. */
export interface ImportPlan {
  replace: boolean;
  /** Rows to insert or update (unchanged rows are left out). */
  applications: ApplicationRow[];
  users: UserRow[];
  /** Ids of users referenced but neither listed nor stored, sorted: created with the id only. */
  stubUsers: string[];
  groups: NamedRow[];
  roles: OwnedRow[];
  permissions: OwnedRow[];
  /** Stored rows whose name key changes: parked on a placeholder first, so that names can swap. */
  renamed: { groups: string[]; roles: string[]; permissions: string[] };
  /** REPLACE: stored entities that go. */
  deleted: { applications: string[]; users: string[]; groups: string[]; roles: string[]; permissions: string[] };
  links: Record<LinkKind, LinkSet>;
  /** Windows of the time-bound links the import writes (docs/design.md §13.3), by `owner \0 target`; the others are unbounded. */
  windows: Record<WindowedLinkKind, Map<string, GrantWindow>>;
  mappings: { owners: string[]; rows: MappingRow[] };
  configuration: Record<string, unknown> | null;
  created: ImportCounts;
  updated: ImportCounts;
  deletedCounts: ImportCounts;
  warnings: string[];
}

const NO_IDS: IdList = [];

/** The ids, sorted and without duplicates (the writer inserts in key order). */
function sortedUnique(list: IdList | undefined, exclude?: string): string[] {
  if (!list || list.length === 0) return [];
  const sorted = list.filter((id): id is string => id !== undefined && id !== exclude).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  sorted.length = n;
  return sorted;
}

/**
 * Decides what the import writes and counts it. Reads the database only where the file meets
 * stored data: users by id, and the stored links of the owners the file rewrites.
 */
export async function planImport(manager: EntityManager, kind: DatabaseKind, result: ResultingModel): Promise<ImportPlan> {
  const { model, existing } = result;
  const replace = !result.merge;
  const plan: ImportPlan = {
    replace,
    applications: [],
    users: [],
    stubUsers: [],
    groups: [],
    roles: [],
    permissions: [],
    renamed: { groups: [], roles: [], permissions: [] },
    deleted: { applications: [], users: [], groups: [], roles: [], permissions: [] },
    links: {} as ImportPlan["links"],
    windows: { memberships: new Map(), userRoles: new Map() },
    mappings: { owners: [], rows: [] },
    configuration: null,
    created: emptyCounts(),
    updated: emptyCounts(),
    deletedCounts: emptyCounts(),
    warnings: [],
  };
  const keep = <T>(value: T | undefined, stored: T | undefined, fallback: T): T => (value !== undefined ? value : replace || stored === undefined ? fallback : stored);

  // Groups, roles, permissions: upsert changed rows, park renamed ones, REPLACE drops the rest.
  for (const group of model.groups) {
    const stored = existing.groups.get(group.id);
    const row: NamedRow = { id: group.id, name: group.name!, description: keep(group.description, stored?.description, "") };
    if (!stored) plan.created.groups += 1;
    else if (stored.name !== row.name || stored.description !== row.description) {
      plan.updated.groups += 1;
      if (nameKey(stored.name) !== nameKey(row.name)) plan.renamed.groups.push(row.id);
    } else continue;
    plan.groups.push(row);
  }
  for (const [kindName, entries] of [
    ["roles", model.roles],
    ["permissions", model.permissions],
  ] as const) {
    for (const entry of entries) {
      const stored = existing[kindName].get(entry.id);
      const row: OwnedRow = { id: entry.id, applicationId: entry.applicationId!, name: entry.name!, description: keep(entry.description, stored?.description, "") };
      if (!stored) plan.created[kindName] += 1;
      else if (stored.name !== row.name || stored.description !== row.description || stored.applicationId !== row.applicationId) {
        plan.updated[kindName] += 1;
        if (nameKey(stored.name) !== nameKey(row.name) || stored.applicationId !== row.applicationId) plan.renamed[kindName].push(row.id);
      } else continue;
      plan[kindName].push(row);
    }
  }
  if (replace) {
    plan.deleted.groups = [...existing.groups.keys()].filter((id) => !result.groups.has(id));
    plan.deleted.roles = [...existing.roles.keys()].filter((id) => !result.roles.has(id));
    plan.deleted.permissions = [...existing.permissions.keys()].filter((id) => !result.permissions.has(id));
  }

  planApplications(plan, result);
  await planUsers(plan, result, manager, kind);
  planMappings(plan, result);
  planConfiguration(plan, model.configuration, existing, replace);
  for (const kindName of Object.keys(LINK_TABLES) as LinkKind[]) {
    plan.links[kindName] = linkSet(result, kindName);
    await countLinks(plan, kindName, manager, kind);
  }
  for (const group of result.model.groups) for (const [userId, window] of group.memberGrants ?? []) plan.windows.memberships.set(linkKey(group.id, userId), window);
  for (const role of result.model.roles) for (const [userId, window] of role.userGrants ?? []) plan.windows.userRoles.set(linkKey(role.id, userId), window);
  for (const key of ["groups", "roles", "permissions", "applications", "users"] as const) plan.deletedCounts[key] = plan.deleted[key].length;
  return plan;
}

function planApplications(plan: ImportPlan, result: ResultingModel): void {
  const { model, existing } = result;
  const referenced = new Set<string>();
  for (const entry of [...model.roles, ...model.permissions]) if (entry.applicationId !== undefined) referenced.add(entry.applicationId);
  for (const app of model.applications) {
    const stored = existing.applications.get(app.id);
    const row: ApplicationRow = {
      id: app.id,
      name: app.name!,
      type: app.type!,
      requiredRoles: app.requiredRoles ?? (plan.replace || !stored ? [] : stored.requiredRoles),
      organizationUsage: app.organizationUsage ?? (plan.replace || !stored ? OrganizationUsage.ALLOW : stored.organizationUsage),
      tenantRolesInOrganizations: app.tenantRolesInOrganizations ?? (plan.replace || !stored ? false : stored.tenantRolesInOrganizations),
    };
    if (!stored) plan.created.applications += 1;
    else if (!sameApplication(stored, row)) plan.updated.applications += 1;
    else continue;
    plan.applications.push(row);
  }
  const stubs = [...referenced].filter((id) => !result.applications.has(id) && !existing.applications.has(id)).sort();
  for (const id of stubs) {
    plan.applications.push({ id, name: id, type: ApplicationType.REGULAR_WEB, requiredRoles: [], organizationUsage: OrganizationUsage.ALLOW, tenantRolesInOrganizations: false });
  }
  plan.created.applications += stubs.length;
  if (stubs.length > 0) {
    plan.warnings.push(
      `${stubs.length} application(s) referenced by roles or permissions are neither in the file nor stored: created as stubs (type REGULAR_WEB, name = id): ${listNames(stubs)}; give each its name and type with updateApplication(id, input: {name, type}) or on the console's Application page (/admin/applications/<id>)`,
    );
  }
  if (plan.replace) plan.deleted.applications = [...existing.applications.keys()].filter((id) => !result.applications.has(id) && !referenced.has(id));
}

/** requiredRoles is a set (the export sorts it), so the order does not make a change. */
function sameApplication(stored: StoredApplication, row: ApplicationRow): boolean {
  const roles = (list: string[]) => JSON.stringify([...list].sort());
  return (
    stored.name === row.name &&
    stored.type === row.type &&
    roles(stored.requiredRoles) === roles(row.requiredRoles) &&
    stored.organizationUsage === row.organizationUsage &&
    stored.tenantRolesInOrganizations === row.tenantRolesInOrganizations
  );
}

async function planUsers(plan: ImportPlan, result: ResultingModel, manager: EntityManager, kind: DatabaseKind): Promise<void> {
  const { model, existing } = result;
  const listed = new Set(model.users.map((u) => u.id));
  const unlisted = new Set<string>();
  for (const group of model.groups) for (const id of group.members ?? NO_IDS) if (id !== undefined && !listed.has(id)) unlisted.add(id);
  for (const role of model.roles) for (const id of role.users ?? NO_IDS) if (id !== undefined && !listed.has(id)) unlisted.add(id);
  // Organization members too: REPLACE must not delete them as unreferenced users.
  for (const id of model.organizationUserIds ?? NO_IDS) if (id !== undefined && !listed.has(id)) unlisted.add(id);
  const stored = existing.userCount === 0 ? new Map<string, StoredUser>() : await loadUsers(manager, kind, [...listed, ...unlisted]);
  for (const user of model.users) {
    const before = stored.get(user.id);
    const pick = (value: string | null | undefined, old: string | null | undefined) => (value !== undefined ? value : plan.replace ? null : (old ?? null));
    const row: UserRow = { id: user.id, email: pick(user.email, before?.email), name: pick(user.name, before?.name), connection: pick(user.connection, before?.connection) };
    if (!before) plan.created.users += 1;
    else if (before.email !== row.email || before.name !== row.name || before.connection !== row.connection) plan.updated.users += 1;
    else continue;
    plan.users.push(row);
  }
  // Sorted (plain string sort, no callback: a million of them) so that the id index grows by appending.
  plan.stubUsers = (stored.size === 0 ? [...unlisted] : [...unlisted].filter((id) => !stored.has(id))).sort();
  plan.created.users += plan.stubUsers.length;
  if (plan.stubUsers.length > 0) {
    plan.warnings.push(`${plan.stubUsers.length} user(s) referenced by group members or role users are not listed under "users" nor stored: created as stub users (id only)`);
  }
  if (plan.replace && existing.userCount > 0) {
    plan.deleted.users = await storedUsersOutside(manager, kind, (id) => listed.has(id) || unlisted.has(id));
  }
}

/** Mappings: the file's list replaces a group's; duplicates (same connection and IdP group) on one group are dropped. */
function planMappings(plan: ImportPlan, result: ResultingModel): void {
  const { model, existing } = result;
  let dropped = 0;
  const kept = new Set<string>();
  for (const group of model.groups) {
    if (!group.mappings && !plan.replace) continue;
    plan.mappings.owners.push(group.id);
    const seen = new Set<string>();
    for (const mapping of group.mappings ?? []) {
      const key = `${mapping.connectionName}\u0000${mapping.groupName}`;
      if (seen.has(key)) {
        dropped += 1;
        continue;
      }
      seen.add(key);
      const row: MappingRow = { id: mapping.id ?? newId(), groupId: group.id, connectionName: mapping.connectionName!, groupName: mapping.groupName! };
      plan.mappings.rows.push(row);
      const stored = existing.mappings.get(row.id);
      if (!stored) plan.created.mappings += 1;
      else {
        kept.add(row.id);
        if (stored.groupId !== row.groupId || stored.connectionName !== row.connectionName || stored.groupName !== row.groupName) plan.updated.mappings += 1;
      }
    }
  }
  const owners = new Set(plan.mappings.owners);
  for (const stored of existing.mappings.values()) {
    if (!kept.has(stored.id) && (plan.replace || owners.has(stored.groupId))) plan.deletedCounts.mappings += 1;
  }
  if (dropped > 0) plan.warnings.push(`${dropped} duplicate mapping(s) (same connection and IdP group on one group) ignored`);
}

/**
 * The nine switches and claimNamespace: MERGE sets what the file gives; REPLACE resets what it
 * omits (switches off, no namespace). Token settings change only when given (a reset would
 * invalidate the tokens in use, including the importer's).
 */
function planConfiguration(plan: ImportPlan, patch: ConfigurationPatch | undefined, existing: ExistingState, replace: boolean): void {
  const stored = existing.configuration as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = {};
  for (const name of SWITCHES) {
    // REPLACE resets an omitted switch to its default: off, but organizationInToken on.
    const value = patch?.switches[name] ?? (replace ? name === "organizationInToken" : undefined);
    if (value !== undefined) next[name] = value;
  }
  if (patch?.claimNamespace !== undefined) next.claimNamespace = patch.claimNamespace;
  else if (replace) next.claimNamespace = null;
  for (const key of ["tokenIssuer", "tokenAudience", "tokenLifetimeSeconds"] as const) if (patch?.[key] !== undefined) next[key] = patch[key];
  const changed = Object.entries(next).filter(([key, value]) => stored[key] !== value);
  if (changed.length > 0) {
    plan.configuration = Object.fromEntries(changed);
    plan.updated.configuration = 1;
  }
}

/** The owners whose links of `kind` the import rewrites (REPLACE: every owner in the file) and their targets. */
function linkSet(result: ResultingModel, kind: LinkKind): LinkSet {
  const replace = !result.merge;
  const set: LinkSet = { owners: [], targets: new Map(), size: 0 };
  const add = (owner: string, list: IdList | undefined, exclude?: string) => {
    if (list === undefined && !replace) return;
    set.owners.push(owner);
    const targets = sortedUnique(list, exclude);
    if (targets.length > 0) {
      set.targets.set(owner, targets);
      set.size += targets.length;
    }
  };
  const { groups, roles } = result.model;
  if (kind === "memberships") for (const g of groups) add(g.id, g.members);
  else if (kind === "nestings") for (const g of groups) add(g.id, g.nested, g.id);
  else if (kind === "groupRoles") for (const g of groups) add(g.id, g.roles);
  else if (kind === "rolePermissions") for (const r of roles) add(r.id, r.permissions);
  else for (const r of roles) add(r.id, r.users);
  return set;
}

/** created = the file's links not stored; deleted = stored links of rewritten owners (REPLACE: all) not in the file. */
async function countLinks(plan: ImportPlan, kind: LinkKind, manager: EntityManager, dbKind: DatabaseKind): Promise<void> {
  const link: LinkTable = LINK_TABLES[kind];
  const set = plan.links[kind];
  const [{ n }]: Array<{ n: string | number }> = await manager.query(`SELECT COUNT(*) AS "n" FROM ${link.table}`);
  const total = Number(n);
  let kept = 0;
  let storedOfOwners = 0;
  if (total > 0) {
    const stored = await loadLinks(manager, dbKind, link, set.owners);
    for (const owner of set.owners) {
      const before = stored.get(owner) ?? [];
      storedOfOwners += before.length;
      const wanted = new Set(set.targets.get(owner) ?? []);
      for (const target of before) if (wanted.has(target)) kept += 1;
    }
  }
  plan.created[kind] = set.size - kept;
  plan.deletedCounts[kind] = (plan.replace ? total : storedOfOwners) - kept;
}

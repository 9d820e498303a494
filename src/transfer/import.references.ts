import { ApplicationType, SUPPORTED_APPLICATION_TYPES } from "../applications/application.entity";
import { cycleText } from "../common/graph";
import { nameKey } from "../common/names";
import { findCycles, NestingEdge } from "./import.cycles";
import { ExistingState } from "./import.state";
import { ApplicationEntry, GroupEntry, ImportModel, PermissionEntry, RoleEntry } from "./import.model";
import { ImportProblem } from "./transfer.format";
import { ImportMode } from "./transfer.types";

/**
 * The model as it will be after the import: the file's entities over the stored ones (MERGE),
 * or the file's alone (REPLACE). Applications are the exception: one that the file's roles or
 * permissions reference but do not list is kept from the database in both modes (and made up
 * as a stub when the database lacks it too).
 */
export class ResultingModel {
  readonly groups: Map<string, GroupEntry>;
  readonly roles: Map<string, RoleEntry>;
  readonly permissions: Map<string, PermissionEntry>;
  readonly applications: Map<string, ApplicationEntry>;
  readonly merge: boolean;

  constructor(
    readonly model: ImportModel,
    readonly existing: ExistingState,
    mode: ImportMode,
  ) {
    this.merge = mode === ImportMode.MERGE;
    this.groups = new Map(model.groups.map((g) => [g.id, g]));
    this.roles = new Map(model.roles.map((r) => [r.id, r]));
    this.permissions = new Map(model.permissions.map((p) => [p.id, p]));
    this.applications = new Map(model.applications.map((a) => [a.id, a]));
  }

  hasGroup(id: string): boolean {
    return this.groups.has(id) || (this.merge && this.existing.groups.has(id));
  }

  groupName(id: string): string {
    return this.groups.get(id)?.name ?? this.existing.groups.get(id)?.name ?? id;
  }

  role(id: string): { applicationId: string | undefined; name: string | undefined } | undefined {
    return this.roles.get(id) ?? (this.merge ? this.existing.roles.get(id) : undefined);
  }

  permission(id: string): { applicationId: string | undefined; name: string | undefined } | undefined {
    return this.permissions.get(id) ?? (this.merge ? this.existing.permissions.get(id) : undefined);
  }

  /** The application's type after the import; undefined for one that will be a stub (REGULAR_WEB). */
  applicationType(id: string): ApplicationType | undefined {
    const entry = this.applications.get(id);
    if (entry) return entry.type;
    return this.existing.applications.get(id)?.type;
  }

  applicationName(id: string): string {
    return this.applications.get(id)?.name ?? this.existing.applications.get(id)?.name ?? id;
  }

  /** The children of `parentId` after the import, each with the file path that states it (null: stored). */
  childrenOf(parentId: string): NestingEdge[] {
    const entry = this.groups.get(parentId);
    if (entry?.nested) {
      const edges: NestingEdge[] = [];
      entry.nested.forEach((child, j) => {
        if (child !== undefined && child !== parentId && this.hasGroup(child)) edges.push({ child, path: `groups[${entry.index}].nested[${j}]` });
      });
      return edges;
    }
    if (!this.merge) return [];
    return (this.existing.nestings.get(parentId) ?? []).map((child) => ({ child, path: null }));
  }
}

const quoted = (value: string) => JSON.stringify(value);

/**
 * Checks the file against the resulting model: names unique ignoring case (groups over all,
 * roles and permissions per application), referenced ids that exist, permissions of the role's
 * own application, applications able to hold roles, ids whose application would change, mapping
 * ids held by groups the import does not touch, self-nesting and nesting cycles.
 */
export function checkReferences(result: ResultingModel): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const { model, existing, merge } = result;

  if (merge) checkNamesAgainstStored(result, add);
  checkApplications(result, add);

  for (const group of model.groups) {
    const path = `groups[${group.index}]`;
    group.nested?.forEach((child, j) => {
      if (child === undefined) return;
      if (child === group.id) add(`${path}.nested[${j}]`, `a group cannot be nested in itself ("${group.name ?? group.id}")`);
      else if (!result.hasGroup(child)) add(`${path}.nested[${j}]`, `unknown group id ${quoted(child)}`);
    });
    group.roles?.forEach((roleId, j) => {
      if (roleId !== undefined && !result.role(roleId)) add(`${path}.roles[${j}]`, `unknown role id ${quoted(roleId)}`);
    });
    if (merge) {
      group.mappings?.forEach((mapping, j) => {
        const stored = mapping.id === undefined ? undefined : existing.mappings.get(mapping.id);
        // A stored mapping is only freed when its own group's mappings are rewritten by the file.
        if (stored && stored.groupId !== group.id && !result.groups.get(stored.groupId)?.mappings) {
          add(`${path}.mappings[${j}]._id`, `mapping id ${quoted(stored.id)} already belongs to group "${result.groupName(stored.groupId)}"`);
        }
      });
    }
  }

  for (const role of model.roles) {
    const path = `roles[${role.index}]`;
    role.permissions?.forEach((permissionId, j) => {
      if (permissionId === undefined) return;
      const permission = result.permission(permissionId);
      if (!permission) add(`${path}.permissions[${j}]`, `unknown permission id ${quoted(permissionId)}`);
      else if (role.applicationId !== undefined && permission.applicationId !== undefined && permission.applicationId !== role.applicationId) {
        add(
          `${path}.permissions[${j}]`,
          `permission "${permission.name ?? permissionId}" belongs to application ${quoted(permission.applicationId)}, not to the role's application ${quoted(role.applicationId)}`,
        );
      }
    });
  }

  checkCycles(result, add);
  return problems;
}

type Add = (path: string, message: string) => void;

/** MERGE: a stored entity the file does not mention keeps its name, so the file may not reuse it. */
function checkNamesAgainstStored(result: ResultingModel, add: Add): void {
  const { model, existing } = result;
  const storedGroups = new Map<string, { id: string; name: string }>();
  for (const group of existing.groups.values()) if (!result.groups.has(group.id)) storedGroups.set(nameKey(group.name), group);
  for (const group of model.groups) {
    const holder = group.name === undefined ? undefined : storedGroups.get(nameKey(group.name));
    if (holder) add(`groups[${group.index}].name`, `a group named "${holder.name}" already exists with id ${quoted(holder.id)} (names are unique ignoring case)`);
  }
  const scoped = (kind: "roles" | "permissions", entries: Array<RoleEntry | PermissionEntry>, fileIds: Map<string, unknown>) => {
    const stored = new Map<string, { id: string; name: string; applicationId: string }>();
    for (const item of existing[kind].values()) if (!fileIds.has(item.id)) stored.set(`${item.applicationId}\u0000${nameKey(item.name)}`, item);
    const label = kind === "roles" ? "role" : "permission";
    for (const entry of entries) {
      const path = `${kind}[${entry.index}]`;
      const before = existing[kind].get(entry.id);
      if (before && entry.applicationId !== undefined && before.applicationId !== entry.applicationId) {
        add(`${path}.applicationId`, `${label} ${quoted(entry.id)} belongs to application ${quoted(before.applicationId)}; the application of a ${label} cannot change`);
        continue;
      }
      if (entry.name === undefined || entry.applicationId === undefined) continue;
      const holder = stored.get(`${entry.applicationId}\u0000${nameKey(entry.name)}`);
      if (holder) {
        add(
          `${path}.name`,
          `a ${label} named "${holder.name}" already exists for application ${quoted(holder.applicationId)} with id ${quoted(holder.id)} (names are unique per application ignoring case)`,
        );
      }
    }
  };
  scoped("roles", model.roles, result.roles);
  scoped("permissions", model.permissions, result.permissions);
}

/** Roles and permissions only for NATIVE, SPA and REGULAR_WEB applications. */
function checkApplications(result: ResultingModel, add: Add): void {
  const { model, existing, merge } = result;
  const unsupported = (id: string) => {
    const type = result.applicationType(id);
    return type !== undefined && !SUPPORTED_APPLICATION_TYPES.has(type);
  };
  for (const [kind, entries] of [
    ["roles", model.roles],
    ["permissions", model.permissions],
  ] as const) {
    for (const entry of entries) {
      if (entry.applicationId === undefined || !unsupported(entry.applicationId)) continue;
      add(
        `${kind}[${entry.index}].applicationId`,
        `application "${result.applicationName(entry.applicationId)}" is of type ${result.applicationType(entry.applicationId)}, which is not supported: ${kind} can only belong to NATIVE, SPA and REGULAR_WEB applications`,
      );
    }
  }
  if (!merge) return;
  // Stored roles and permissions the file leaves alone still need their application to support them.
  for (const application of model.applications) {
    if (application.type === undefined || SUPPORTED_APPLICATION_TYPES.has(application.type)) continue;
    const held = [...existing.roles.values(), ...existing.permissions.values()].filter(
      (item) => item.applicationId === application.id && !result.roles.has(item.id) && !result.permissions.has(item.id),
    );
    if (held.length > 0) {
      add(
        `applications[${application.index}].type`,
        `application "${application.name ?? application.id}" has ${held.length} stored role(s) or permission(s); its type cannot become ${application.type}`,
      );
    }
  }
}

/** The nesting after the import (parent → its edges), as the cycle check and `--repair` (import.repair.ts) walk it. */
export function nestingGraph(result: ResultingModel): Map<string, NestingEdge[]> {
  const parents = new Set<string>(result.groups.keys());
  if (result.merge) for (const parent of result.existing.nestings.keys()) parents.add(parent);
  const edges = new Map<string, NestingEdge[]>();
  for (const parent of parents) {
    const children = result.childrenOf(parent);
    if (children.length > 0) edges.set(parent, children);
  }
  return edges;
}

function checkCycles(result: ResultingModel, add: Add): void {
  const order = result.model.groups.map((g) => g.id);
  for (const cycle of findCycles(order, nestingGraph(result))) {
    const names = cycle.ids.map((id) => result.groupName(id));
    add(cycle.path ?? "groups", `nesting cycle: ${cycleText(names)} (a group cannot be nested, even indirectly, in itself)`);
  }
}

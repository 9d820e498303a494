import { MappingHit, NamedRef, OrganizationDecision, OrganizationRef, OrganizationSlice, PolicyData, PolicyLists, PolicyRequest, roleSources } from "./policy";
import { appendTo, entryOf } from "../common/maps";
import type { GrantRows } from "./effective";

/**
 * What one login reads that is not cached: the ids of the user's groups, direct roles and
 * organizations, with the windows of the windowed ones (effective.ts: GrantRows). The compiled
 * model works on the rows `activeGrants` kept: those that count at the request's time.
 */
export type UserRows = GrantRows;

/** The shared part of the model as rows, the way the cache reads it. */
export interface ModelRows {
  groups: ReadonlyArray<{ id: string; name: string }>;
  nestings: ReadonlyArray<{ parentId: string; childId: string }>;
  mappings: ReadonlyArray<{ groupId: string; connectionName: string; groupName: string }>;
  roles: ReadonlyArray<{ id: string; name: string; applicationId: string }>;
  groupRoles: ReadonlyArray<{ groupId: string; roleId: string }>;
  /** Permission names of roles. */
  rolePermissions: ReadonlyArray<{ roleId: string; name: string }>;
  /** Organizations; `metadata` as stored (JSON text) or parsed. Absent: none. */
  organizations?: ReadonlyArray<{ id: string; name: string; displayName: string; metadata: string | Record<string, string> }>;
}

/** Adjacency lists in two typed arrays: the targets of `i` are `list[start[i]] … list[start[i + 1] - 1]`. */
interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

/**
 * The links of `rows` as adjacency lists over `count` sources: each row's `from` to its `to`; a
 * row whose either end this revision does not know is left out.
 */
function adjacency<R>(count: number, rows: ReadonlyArray<R>, from: (row: R) => number | undefined, to: (row: R) => number | undefined): Adjacency {
  const sources: number[] = [];
  const targets: number[] = [];
  for (const row of rows) {
    const f = from(row);
    const t = to(row);
    if (f !== undefined && t !== undefined) {
      sources.push(f);
      targets.push(t);
    }
  }
  const start = new Int32Array(count + 1);
  for (const f of sources) start[f + 1] += 1;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const fill = start.slice(0, count);
  const list = new Int32Array(sources.length);
  for (let k = 0; k < sources.length; k++) list[fill[sources[k]]++] = targets[k];
  return { start, list };
}

/** The targets of `i` (a view: for the cold paths; the login path indexes the arrays directly). */
function targetsOf(adjacency: Adjacency, i: number): Int32Array {
  return adjacency.list.subarray(adjacency.start[i], adjacency.start[i + 1]);
}

/**
 * Distinct names in the engine's output order (UTF-16 code units, as `Array.prototype.sort`),
 * so that a name's index is its rank: sorting a login's indices numerically sorts its names.
 */
class NameTable {
  readonly names: string[];
  private readonly rank = new Map<string, number>();

  constructor(all: Iterable<string>) {
    this.names = [...new Set(all)].sort();
    this.names.forEach((name, i) => this.rank.set(name, i));
  }

  of(name: string): number {
    return this.rank.get(name) as number;
  }
}

/** A reusable set of small integers for one computation at a time: membership is "stamped this round". */
class Marks {
  private stamps: Uint32Array;
  private round = 0;

  constructor(size: number) {
    this.stamps = new Uint32Array(size);
  }

  next(): void {
    if (++this.round === 0xffffffff) {
      this.stamps.fill(0);
      this.round = 1;
    }
  }

  /** Adds `i`; true when it was not in the set yet. */
  add(i: number): boolean {
    if (this.stamps[i] === this.round) return false;
    this.stamps[i] = this.round;
    return true;
  }
}

/** `count` numbers of `values` sorted numerically in place, without duplicates, mapped to names. */
function namesOf(values: Int32Array, count: number, table: readonly string[]): string[] {
  const sorted = values.subarray(0, count).sort();
  const out: string[] = [];
  let last = -1;
  for (let i = 0; i < count; i++) {
    const v = sorted[i];
    if (v !== last) out.push(table[v]);
    last = v;
  }
  return out;
}

/**
 * The model cache's form of the shared model, built once per revision: groups, roles and names
 * become small integers, nesting and role lists become typed adjacency arrays, and names are
 * numbered in output order. A login then walks integers with stamp marks instead of maps and
 * sets, and sorts numbers instead of strings — the result is exactly `computePolicy`'s (the
 * tests compare the two on random models).
 *
 * Not re-entrant by design: `collect` is synchronous and JavaScript runs one at a time, so the
 * scratch marks are shared by every login on this model.
 */
export class CompiledModel {
  private readonly groupIndex = new Map<string, number>();
  private readonly groupIds: string[] = [];
  private groupNameOf!: Int32Array;
  private groupNames!: NameTable;
  private parents!: Adjacency;
  /** The reverse of `parents`: an admin read (a group's calculated members) walks down, never a login. */
  private children!: Adjacency;
  private groupRoles!: Adjacency;

  private readonly roleIndex = new Map<string, number>();
  private readonly roles: Array<{ id: string; name: string; applicationId: string }> = [];
  private roleApplication!: Int32Array;
  private roleNameOf!: Int32Array;
  private roleNames!: NameTable;
  private readonly applicationIndex = new Map<string, number>();
  private rolePermissions!: Adjacency;
  private permissionNames!: NameTable;

  /** connection → IdP group name → mapped group indices. */
  private readonly mappings = new Map<string, Map<string, number[]>>();

  /** Organizations by id, as login answers carry them (docs/design.md §12). */
  private readonly organizations = new Map<string, OrganizationRef>();

  private groupMarks!: Marks;
  private roleMarks!: Marks;
  private permissionMarks!: Marks;
  /** Work list of the ancestor walk; a group enters it at most once per login. */
  private stack!: Int32Array;
  /** Name numbers of the login's groups, roles and permissions (each at most once per login, so these sizes suffice). */
  private groupNameBuffer!: Int32Array;
  private roleNameBuffer!: Int32Array;
  private permissionBuffer!: Int32Array;

  /** Compiles `rows` at once. (Without rows: the empty shell `inSteps` fills.) */
  constructor(rows?: ModelRows) {
    if (!rows) return;
    const phases = this.phases(rows);
    while (!phases.next().done);
  }

  /**
   * Compiles `rows` phase by phase, awaiting `pause()` between phases: the model cache lets
   * waiting requests run in between (each phase is at most a few tens of milliseconds on
   * `large`), instead of stalling them for the whole compilation.
   */
  static async inSteps(rows: ModelRows, pause: () => Promise<void>): Promise<CompiledModel> {
    const model = new CompiledModel();
    const phases = model.phases(rows);
    while (!phases.next().done) await pause();
    return model;
  }

  /** The compilation, in phases (each `yield` is a point where it may pause). */
  private *phases(rows: ModelRows): Generator<void> {
    for (const g of rows.groups) {
      this.groupIndex.set(g.id, this.groupIds.length);
      this.groupIds.push(g.id);
    }
    yield;
    const groupCount = this.groupIds.length;
    this.groupNames = new NameTable(rows.groups.map((g) => g.name));
    this.groupNameOf = Int32Array.from(rows.groups, (g) => this.groupNames.of(g.name));
    yield;

    const groupOf = (id: string) => this.groupIndex.get(id);
    this.parents = adjacency(
      groupCount,
      rows.nestings,
      (n) => groupOf(n.childId),
      (n) => groupOf(n.parentId),
    );
    yield;
    this.children = adjacency(
      groupCount,
      rows.nestings,
      (n) => groupOf(n.parentId),
      (n) => groupOf(n.childId),
    );
    yield;

    for (const r of rows.roles) {
      this.roleIndex.set(r.id, this.roles.length);
      this.roles.push(r);
      if (!this.applicationIndex.has(r.applicationId)) this.applicationIndex.set(r.applicationId, this.applicationIndex.size);
    }
    this.roleNames = new NameTable(this.roles.map((r) => r.name));
    this.roleNameOf = Int32Array.from(this.roles, (r) => this.roleNames.of(r.name));
    this.roleApplication = Int32Array.from(this.roles, (r) => this.applicationIndex.get(r.applicationId) as number);

    const roleOf = (id: string) => this.roleIndex.get(id);
    this.groupRoles = adjacency(
      groupCount,
      rows.groupRoles,
      (gr) => groupOf(gr.groupId),
      (gr) => roleOf(gr.roleId),
    );
    yield;

    this.permissionNames = new NameTable(rows.rolePermissions.map((rp) => rp.name));
    this.rolePermissions = adjacency(
      this.roles.length,
      rows.rolePermissions,
      (rp) => roleOf(rp.roleId),
      (rp) => this.permissionNames.of(rp.name),
    );
    yield;

    for (const o of rows.organizations ?? []) {
      const metadata = typeof o.metadata === "string" ? (JSON.parse(o.metadata) as Record<string, string>) : o.metadata;
      this.organizations.set(o.id, { id: o.id, name: o.name, displayName: o.displayName, metadata });
    }

    for (const m of rows.mappings) {
      const g = groupOf(m.groupId);
      if (g === undefined) continue;
      appendTo(
        entryOf(this.mappings, m.connectionName, () => new Map<string, number[]>()),
        m.groupName,
        g,
      );
    }

    this.groupMarks = new Marks(groupCount);
    this.roleMarks = new Marks(this.roles.length);
    this.permissionMarks = new Marks(this.permissionNames.names.length);
    this.stack = new Int32Array(groupCount);
    this.groupNameBuffer = new Int32Array(groupCount);
    this.roleNameBuffer = new Int32Array(this.roles.length);
    this.permissionBuffer = new Int32Array(this.permissionNames.names.length);
  }

  /** Whether this revision has any organization (then a login reads the user's memberships too). */
  get hasOrganizations(): boolean {
    return this.organizations.size > 0;
  }

  /**
   * The group and its descendants, each once, the group first (what `calculatedGroupIds` answers
   * from the nesting rows), or null for a group this revision does not know.
   */
  subtree(groupId: string): string[] | null {
    const root = this.groupIndex.get(groupId);
    if (root === undefined) return null;
    const seen = new Uint8Array(this.groupIds.length);
    seen[root] = 1;
    const order = [root];
    for (let k = 0; k < order.length; k++) {
      for (const child of targetsOf(this.children, order[k])) {
        if (seen[child] === 0) {
          seen[child] = 1;
          order.push(child);
        }
      }
    }
    return order.map((i) => this.groupIds[i]);
  }

  /** The organization with `id` as of this revision, or null. */
  organization(id: string): OrganizationRef | null {
    return this.organizations.get(id) ?? null;
  }

  /** What the organization rules need of one login: the organization, the membership, and (for explanations) the member roles of the client. */
  organizationSlice(request: PolicyRequest, rows: UserRows): OrganizationSlice | undefined {
    if (!request.organizationId) return undefined;
    const roleIds = rows.organizations?.get(request.organizationId);
    const memberRoles: NamedRef[] = [];
    for (const id of roleIds ?? []) {
      const r = this.roleIndex.get(id);
      if (r !== undefined && this.roles[r].applicationId === request.clientId) memberRoles.push({ id, name: this.roles[r].name });
    }
    return { ref: this.organization(request.organizationId), member: roleIds !== undefined, memberRoles };
  }

  /** The group's name, or its id for a group this revision does not know. */
  groupName(id: string): string {
    const g = this.groupIndex.get(id);
    return g === undefined ? id : this.groupNames.names[this.groupNameOf[g]];
  }

  /**
   * Every group one login reaches — its explicit groups, the groups mapped from its IdP groups
   * and explicit group names on its connection, and all their ancestors — each passed to `visit`
   * once (cycle-safe). `onMapping` hears every matching mapping. Returns the explicit group ids
   * this revision does not know (kept as their ids, without parents or roles).
   */
  private reach(request: PolicyRequest, rows: UserRows, visit: (g: number) => void, onMapping?: (g: number, idpGroup: string) => void): string[] {
    const marks = this.groupMarks;
    marks.next();
    const stack = this.stack;
    let top = 0;
    const unknown: string[] = [];
    for (const id of rows.groupIds) {
      const g = this.groupIndex.get(id);
      if (g === undefined) unknown.push(id);
      else if (marks.add(g)) stack[top++] = g;
    }
    const byName = request.connection ? this.mappings.get(request.connection) : undefined;
    if (byName) {
      const idpNames = new Set(request.connectionGroups ?? []);
      for (const id of rows.groupIds) idpNames.add(this.groupName(id));
      for (const idpName of idpNames) {
        for (const g of byName.get(idpName) ?? []) {
          onMapping?.(g, idpName);
          if (marks.add(g)) stack[top++] = g;
        }
      }
    }
    const { start, list } = this.parents;
    while (top > 0) {
      const g = stack[--top];
      visit(g);
      for (let k = start[g]; k < start[g + 1]; k++) if (marks.add(list[k])) stack[top++] = list[k];
    }
    return unknown;
  }

  /** Adds role `r` to `roleIds` if it belongs to the client and is not there yet (`roleMarks` is per login). */
  private addRoleOfClient(r: number, application: number, roleIds: number[]): void {
    if (this.roleApplication[r] === application && this.roleMarks.add(r)) roleIds.push(r);
  }

  /**
   * The sorted unique groups, roles (of the client) and permissions of one login, before
   * passthrough: docs/design.md §3 steps 1–6 on integers.
   */
  collect(request: PolicyRequest, rows: UserRows, decision: OrganizationDecision | null = null): PolicyLists {
    const { tenant, member } = roleSources(decision);
    // Outside the tenant's roles the client's application index is -1: no role matches it.
    const application = tenant ? (this.applicationIndex.get(request.clientId) ?? -1) : -1;
    this.roleMarks.next();
    const roleIds: number[] = [];
    const groupNames = this.groupNameBuffer;
    let groupCount = 0;
    const { start: roleStart, list: roleList } = this.groupRoles;
    // Every group reached is effective: its name, and its roles of the client.
    const unknown = this.reach(request, rows, (g) => {
      groupNames[groupCount++] = this.groupNameOf[g];
      for (let k = roleStart[g]; k < roleStart[g + 1]; k++) this.addRoleOfClient(roleList[k], application, roleIds);
    });
    if (tenant) {
      for (const id of rows.roleIds) {
        const r = this.roleIndex.get(id);
        if (r !== undefined) this.addRoleOfClient(r, application, roleIds);
      }
    }
    if (member && request.organizationId) {
      const client = this.applicationIndex.get(request.clientId) ?? -1;
      for (const id of rows.organizations?.get(request.organizationId) ?? []) {
        const r = this.roleIndex.get(id);
        if (r !== undefined) this.addRoleOfClient(r, client, roleIds);
      }
    }

    const permissionMarks = this.permissionMarks;
    permissionMarks.next();
    const { start: permissionStart, list: permissionList } = this.rolePermissions;
    const roleNames = this.roleNameBuffer;
    const permissions = this.permissionBuffer;
    let permissionCount = 0;
    for (let i = 0; i < roleIds.length; i++) {
      const r = roleIds[i];
      roleNames[i] = this.roleNameOf[r];
      for (let k = permissionStart[r]; k < permissionStart[r + 1]; k++) {
        const p = permissionList[k];
        if (permissionMarks.add(p)) permissions[permissionCount++] = p;
      }
    }
    const groupList = namesOf(groupNames, groupCount, this.groupNames.names);
    return {
      groups: unknown.length === 0 ? groupList : [...new Set([...groupList, ...unknown])].sort(),
      roles: namesOf(roleNames, roleIds.length, this.roleNames.names),
      permissions: namesOf(permissions, permissionCount, this.permissionNames.names),
    };
  }

  /**
   * The generic engine's input for one login (what `explainPolicy` walks), restricted to the
   * groups the login reaches. Explanations are rare; they do not need the compiled path.
   */
  policyData(request: PolicyRequest, rows: UserRows): Omit<PolicyData, "application" | "switches"> {
    const ref = (g: number): NamedRef => ({ id: this.groupIds[g], name: this.groupNames.names[this.groupNameOf[g]] });
    const ofClient = (r: number) => this.roles[r].applicationId === request.clientId;
    const roleRef = (r: number): NamedRef => ({ id: this.roles[r].id, name: this.roles[r].name });
    const parents = new Map<string, NamedRef[]>();
    const groupRoles = new Map<string, NamedRef[]>();
    const rolePermissions = new Map<string, string[]>();
    const addPermissions = (r: number) => {
      rolePermissions.set(
        this.roles[r].id,
        Array.from(targetsOf(this.rolePermissions, r), (p) => this.permissionNames.names[p]),
      );
    };
    const mappings: MappingHit[] = [];
    this.reach(
      request,
      rows,
      (g) => {
        const ps = Array.from(targetsOf(this.parents, g), ref);
        if (ps.length > 0) parents.set(this.groupIds[g], ps);
        const rs = Array.from(targetsOf(this.groupRoles, g)).filter(ofClient);
        rs.forEach(addPermissions);
        if (rs.length > 0) groupRoles.set(this.groupIds[g], rs.map(roleRef));
      },
      (g, idpGroup) => mappings.push({ group: ref(g), connectionName: request.connection as string, idpGroup }),
    );
    const directRoles = rows.roleIds.flatMap((id) => {
      const r = this.roleIndex.get(id);
      if (r === undefined || !ofClient(r)) return [];
      addPermissions(r);
      return [roleRef(r)];
    });
    const explicitGroups = rows.groupIds.map((id) => ({ id, name: this.groupName(id) }));
    const organization = this.organizationSlice(request, rows);
    for (const role of organization?.memberRoles ?? []) addPermissions(this.roleIndex.get(role.id) as number);
    const data: Omit<PolicyData, "application" | "switches"> = { explicitGroups, mappings, parents, groupRoles, directRoles, rolePermissions, organization };
    if (rows.windows) data.grantWindows = rows.windows;
    return data;
  }
}

/**
 * The policy engine: a pure computation of docs/design.md §3 over the slice of the model one login
 * touches. No I/O here, so it is unit-tested directly (including on cyclic data, which the
 * store refuses but the engine must survive).
 */

import type { Configuration } from "../configuration/configuration.entity";
import type { GrantWindow } from "../common/grant-window";
import { effectiveGroupIds, effectivePermissions, effectiveRoles, grantKey } from "./effective";

export interface PolicyRequest {
  userId: string;
  clientId: string;
  connection?: string | null;
  connectionGroups?: readonly string[] | null;
  connectionRoles?: readonly string[] | null;
  connectionPermissions?: readonly string[] | null;
  /** The organization the login is made for (docs/design.md §12), if any. */
  organizationId?: string | null;
}

export interface NamedRef {
  id: string;
  name: string;
}

/** A group that applies through a mapping: `idpGroup` on `connectionName` maps into `group`. */
export interface MappingHit {
  group: NamedRef;
  connectionName: string;
  idpGroup: string;
}

/** The configuration the engine reads: claim and passthrough switches and the claim namespace. */
export type PolicySwitches = Pick<
  Configuration,
  "groupsInToken" | "rolesInToken" | "permissionsInToken" | "groupsPassthrough" | "rolesPassthrough" | "permissionsPassthrough" | "claimNamespace"
> &
  /** Organization claims (docs/design.md §12): `organizationInToken` is on unless false. */
  Partial<Pick<Configuration, "organizationInToken" | "organizationMetadataInToken">>;

/** An organization as a login answer carries it (docs/design.md §12: a plain record, type OrganizationRef). */
export interface OrganizationRef {
  id: string;
  name: string;
  displayName: string;
  metadata: Record<string, string>;
}

/** What the store read of the login's organization: the record (null: unknown), the membership, and the member roles of the client. */
export interface OrganizationSlice {
  ref: OrganizationRef | null;
  member: boolean;
  /** The member's roles there that belong to the client (their permissions are in `rolePermissions`). */
  memberRoles: readonly NamedRef[];
}

/**
 * What the organization rules decided before any role is collected (docs/design.md §12); null
 * when the login involves no organization rule at all (no organization asked, none required).
 */
export interface OrganizationDecision {
  /** The organization the login is for: set when the user is a member and the application allows it. */
  organization: OrganizationRef | null;
  /** Roles come from the membership (plus the tenant roles when `tenantRoles`); false: denied. */
  member: boolean;
  tenantRoles: boolean;
  denialReason: string | null;
}

/**
 * The organization rules: REQUIRE without an organization and DENY with one are refused, an
 * unknown organization and a non-member are refused; a member logs in with the member roles.
 */
export function decideOrganization(
  request: PolicyRequest,
  application: PolicyApplication | null,
  organization: OrganizationRef | null,
  member: boolean,
): OrganizationDecision | null {
  const usage = application?.organizationUsage ?? "ALLOW";
  const denied = (denialReason: string): OrganizationDecision => ({ organization: null, member: false, tenantRoles: false, denialReason });
  if (!request.organizationId) {
    return usage === "REQUIRE" && application ? denied(`${application.name} requires a login for an organization, and none was given`) : null;
  }
  if (usage === "DENY" && application) return denied(`${application.name} does not accept logins for an organization`);
  if (!organization) return denied(`unknown organization ${request.organizationId}`);
  if (!member) return denied(`User ${request.userId} is not a member of organization ${organization.displayName}`);
  return { organization, member: true, tenantRoles: application?.tenantRolesInOrganizations ?? false, denialReason: null };
}

export interface PolicyApplication {
  id: string;
  name: string;
  supported: boolean;
  type: string;
  requiredRoles: readonly string[];
  /** docs/design.md §12; ALLOW when absent. */
  organizationUsage?: "DENY" | "ALLOW" | "REQUIRE";
  /** In an organization login, the tenant roles (groups, direct) count too; false when absent. */
  tenantRolesInOrganizations?: boolean;
}

/** What the store read for one request; every role here already belongs to the client. */
export interface PolicyData {
  explicitGroups: readonly NamedRef[];
  /** Candidate mappings on the login's connection; the engine applies the matching rule. */
  mappings: readonly MappingHit[];
  /** Parents of each group reached (child id → parents). */
  parents: ReadonlyMap<string, readonly NamedRef[]>;
  /** Roles of the client held by each group (group id → roles). */
  groupRoles: ReadonlyMap<string, readonly NamedRef[]>;
  directRoles: readonly NamedRef[];
  /** Permission names of each role (role id → names). */
  rolePermissions: ReadonlyMap<string, readonly string[]>;
  application: PolicyApplication | null;
  switches: PolicySwitches;
  /** Names of groups by id, when the caller has them; otherwise taken from the rows above. */
  groupNames?: ReadonlyMap<string, string>;
  /** The login's organization, when the request names one. */
  organization?: OrganizationSlice;
  /**
   * The windows of the user's windowed grants, keyed by `grantKey` (docs/design.md §13); absent
   * or without an entry: unbounded. Every grant above is live at the request's time already;
   * explanations show the window of the grant a path starts from.
   */
  grantWindows?: ReadonlyMap<string, GrantWindow>;
}

export interface PolicyResult {
  groups: string[];
  roles: string[];
  permissions: string[];
  claims: Record<string, unknown>;
  accessGranted: boolean;
  denialReason: string | null;
  warnings: string[];
  /** The organization the login was granted for (docs/design.md §12), or null. */
  organization: OrganizationRef | null;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Explicit names feed mapping matches too (the extension's rule); evaluated once. */
export function matchMappings(request: PolicyRequest, data: Pick<PolicyData, "explicitGroups" | "mappings">): MappingHit[] {
  if (!request.connection) return [];
  const names = new Set([...(request.connectionGroups ?? []), ...data.explicitGroups.map((g) => g.name)]);
  return data.mappings.filter((hit) => hit.connectionName === request.connection && names.has(hit.idpGroup));
}

/** docs/design.md §3 steps 1–2: the groups a login starts from, explicit and mapped, each once (their ancestors come with them). */
export function startGroupIds(explicitGroups: readonly NamedRef[], hits: readonly MappingHit[]): string[] {
  return [...new Set([...explicitGroups.map((g) => g.id), ...hits.map((hit) => hit.group.id)])];
}

/** Group ids reachable upwards from `start` (start included): the effective groups over the store's parent rows. */
export function ancestorsOf(start: Iterable<string>, parents: ReadonlyMap<string, readonly NamedRef[]>): Set<string> {
  return effectiveGroupIds(start, (id) => parents.get(id)?.map((parent) => parent.id));
}

/** The sorted, unique names a login collected from the model, before passthrough and claims. */
export interface PolicyLists {
  groups: string[];
  roles: string[];
  permissions: string[];
}

/** Computes groups, roles, permissions, claims, access and warnings for one login. */
export function computePolicy(request: PolicyRequest, data: PolicyData): PolicyResult {
  const hits = matchMappings(request, data);
  const effective = ancestorsOf(startGroupIds(data.explicitGroups, hits), data.parents);

  const names = groupNames(data, hits);
  const decision = organizationDecisionOf(request, data);
  const { tenant, member } = roleSources(decision);
  const roles = effectiveRoles(tenant ? effective : [], (id) => data.groupRoles.get(id), [
    ...(tenant ? data.directRoles : []),
    ...(member ? (data.organization?.memberRoles ?? []) : []),
  ]);
  const permissions = effectivePermissions(
    roles.map((role) => role.id),
    (id) => data.rolePermissions.get(id),
  );
  const lists = {
    groups: sortedUnique([...effective].map((id) => names.get(id) ?? id)),
    roles: sortedUnique(roles.map((role) => role.name)),
    permissions: sortedUnique(permissions),
  };
  return finishPolicy(request, lists, data.application, data.switches, decision);
}

/** The organization rules over what the store read. */
export function organizationDecisionOf(request: PolicyRequest, data: Pick<PolicyData, "application" | "organization">): OrganizationDecision | null {
  return decideOrganization(request, data.application, data.organization?.ref ?? null, data.organization?.member ?? false);
}

/** Which roles a login collects: the tenant roles (groups, direct) and/or the member roles of its organization. */
export function roleSources(decision: OrganizationDecision | null): { tenant: boolean; member: boolean } {
  if (!decision) return { tenant: true, member: false };
  return { tenant: decision.member && decision.tenantRoles, member: decision.member };
}

/** Merges `extra` (passthrough values) into a sorted unique list; the list itself when there is nothing to add. */
function withPassthrough(list: string[], on: boolean, extra: readonly string[] | null | undefined): string[] {
  return on && extra && extra.length > 0 ? sortedUnique([...list, ...extra]) : list;
}

/**
 * Steps shared by every way of collecting a login's names (the generic engine above, the
 * compiled model of the cache): passthrough, claims, warnings and the required-role check.
 */
export function finishPolicy(
  request: PolicyRequest,
  collected: PolicyLists,
  application: PolicyApplication | null,
  switches: PolicySwitches,
  decision: OrganizationDecision | null = null,
): PolicyResult {
  // A denied organization login answers its groups as always, and no roles or permissions at all.
  const refused = decision !== null && !decision.member;
  const groups = withPassthrough(collected.groups, switches.groupsPassthrough, request.connectionGroups);
  const roles = refused ? [] : withPassthrough(collected.roles, switches.rolesPassthrough, request.connectionRoles);
  const permissions = refused ? [] : withPassthrough(collected.permissions, switches.permissionsPassthrough, request.connectionPermissions);
  const warnings: string[] = [];

  const claims: Record<string, unknown> = {};
  const namespace = switches.claimNamespace ?? "";
  const claimLists: Array<[string, boolean, string[]]> = [
    ["groups", switches.groupsInToken, groups],
    ["roles", switches.rolesInToken && !refused, roles],
    ["permissions", switches.permissionsInToken && !refused, permissions],
  ];
  for (const [key, on, list] of claimLists) {
    if (!on) continue;
    claims[`${namespace}${key}`] = list;
    if (!switches.claimNamespace) {
      warnings.push(
        `${key}InToken is on but no claimNamespace is set: OIDC-conformant ID and access tokens drop non-namespaced claims such as "${key}"; set claimNamespace to an absolute URL (e.g. https://example.com/claims/)`,
      );
    }
  }

  if (!application) {
    warnings.push(`Application "${request.clientId}" is not registered in Gatehouse: roles and permissions are defined per application, so none are returned for it`);
  } else if (!application.supported) {
    warnings.push(
      `Application "${application.name}" is of type ${application.type}, which is not supported: only NATIVE, SPA and REGULAR_WEB applications have roles and permissions`,
    );
  }

  const organization = decision?.organization ?? null;
  if (organization) {
    if (switches.organizationInToken !== false) {
      claims[`${namespace}org_id`] = organization.id;
      claims[`${namespace}org_name`] = organization.name;
    }
    if (switches.organizationMetadataInToken) claims[`${namespace}org_metadata`] = organization.metadata;
  }

  let accessGranted = true;
  let denialReason: string | null = null;
  if (refused) {
    accessGranted = false;
    denialReason = decision.denialReason;
  } else if (application && application.requiredRoles.length > 0) {
    const held = new Set(roles.map((r) => r.toLowerCase()));
    if (!application.requiredRoles.some((r) => held.has(r.toLowerCase()))) {
      accessGranted = false;
      denialReason = `You do not have the required role to access ${application.name}`;
    }
  }
  return { groups, roles, permissions, claims, accessGranted, denialReason, warnings, organization };
}

function groupNames(data: PolicyData, hits: readonly MappingHit[]): ReadonlyMap<string, string> {
  if (data.groupNames) return data.groupNames;
  const names = new Map<string, string>();
  for (const g of data.explicitGroups) names.set(g.id, g.name);
  for (const hit of hits) names.set(hit.group.id, hit.group.name);
  for (const list of data.parents.values()) for (const p of list) names.set(p.id, p.name);
  return names;
}

/** An item of the result with the derivations that produced it (at most the explain limit). */
export interface ExplainedItem {
  name: string;
  paths: string[];
  /** True when the item has more derivations than the ones listed. */
  truncated: boolean;
}

export interface PolicyExplanation {
  groups: ExplainedItem[];
  roles: ExplainedItem[];
  permissions: ExplainedItem[];
}

/** Paths listed per item unless the caller says otherwise (EXPLAIN_MAX_PATHS): a wide DAG can have exponentially many. */
export const MAX_PATHS_PER_ITEM = 50;

/**
 * Paths one answer lists in all, as a multiple of the per-item limit: past it each further item
 * keeps its first path only (and is `truncated`), so the answer's size is bounded by the number
 * of items rather than by items × paths (a 40-level × 10-parent DAG answered 11.7 MB).
 */
export const PATHS_PER_ANSWER_FACTOR = 20;

/** How a group is reached: the groups climbed (from the reached group down) and the source below them. */
interface Chain {
  via: string[];
  /** A membership's `window`: the text of its bounds (" (until …)"), or "" when unbounded. */
  source: { kind: "member"; group: string; window: string } | { kind: "mapping"; hit: MappingHit };
}

/**
 * A live grant's window as explanations show it after the grant's source (docs/design.md §13):
 * " (from … until …)" with the bounds it has, ISO 8601; "" for an unbounded grant.
 */
export function windowText(window: GrantWindow | undefined): string {
  if (!window) return "";
  const bounds: string[] = [];
  if (window.validFrom !== null) bounds.push(`from ${new Date(window.validFrom).toISOString()}`);
  if (window.expiresAt !== null) bounds.push(`until ${new Date(window.expiresAt).toISOString()}`);
  return bounds.length === 0 ? "" : ` (${bounds.join(" ")})`;
}

/** Where both `a` and `b` hold: the later start and the earlier end (an organization member role within its membership). */
function within(a: GrantWindow | undefined, b: GrantWindow | undefined): GrantWindow | undefined {
  if (!a || !b) return a ?? b;
  const later = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  const sooner = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return { validFrom: later(a.validFrom, b.validFrom), expiresAt: sooner(a.expiresAt, b.expiresAt) };
}

function sourceText(chain: Chain): string {
  const { source } = chain;
  return source.kind === "member" ? `member of ${source.group}${source.window}` : `mapping (${source.hit.connectionName}, ${source.hit.idpGroup}) into ${source.hit.group.name}`;
}

/** "group A ← group B ← member of C": the chain as it follows a role or permission. */
function renderChain(chain: Chain): string {
  return [...chain.via.map((name) => `group ${name}`), sourceText(chain)].join(" ← ");
}

/** The chain as a group's own path: the group's name first, without repeating it. */
function renderGroupPath(name: string, chain: Chain): string {
  if (chain.via.length === 0) {
    const { source } = chain;
    return source.kind === "member" ? `${name} ← direct membership${source.window}` : `${name} ← mapping (${source.hit.connectionName}, ${source.hit.idpGroup})`;
  }
  return [name, ...chain.via.slice(1).map((n) => `group ${n}`), sourceText(chain)].join(" ← ");
}

/** What is left of an answer's path budget, shared by its groups, roles and permissions. */
interface PathBudget {
  left: number;
}

/**
 * Items being collected: each keeps at most `maxPaths` distinct paths and notes when it had more.
 * Every item keeps its first path; further ones come out of the answer's shared `budget`.
 */
class ItemCollector {
  private readonly items = new Map<string, { paths: string[]; truncated: boolean }>();

  constructor(
    private readonly maxPaths: number,
    private readonly budget: PathBudget,
  ) {}

  private item(name: string): { paths: string[]; truncated: boolean } {
    let item = this.items.get(name);
    if (!item) this.items.set(name, (item = { paths: [], truncated: false }));
    return item;
  }

  add(name: string, path: string): void {
    const item = this.item(name);
    if (item.paths.includes(path)) return;
    if (item.paths.length === 0 || (item.paths.length < this.maxPaths && this.budget.left > 0)) {
      item.paths.push(path);
      this.budget.left -= 1;
    } else item.truncated = true;
  }

  /** `name` has derivations that were never enumerated. */
  markTruncated(name: string): void {
    this.item(name).truncated = true;
  }

  sorted(): ExplainedItem[] {
    return [...this.items.keys()].sort().map((name) => {
      const { paths, truncated } = this.items.get(name)!;
      return { name, paths: [...paths].sort(), truncated };
    });
  }
}

/**
 * The derivations of every group, role and permission of `computePolicy`'s result, as readable
 * chains such as `add:expense ← role Expense User ← group Example Company ← group Accounting ←
 * member of External Accountants`. Cycle-safe. Bounded in work as well as in size: at most
 * `maxPaths` paths per item, and the walk up the DAG stops at a group once it holds that many
 * chains, so that group and every ancestor (which has at least as many paths) are `truncated`,
 * and so are the roles they hold and those roles' permissions; and at most
 * PATHS_PER_ANSWER_FACTOR × `maxPaths` paths in all, beyond one per item (docs/design.md §3.1).
 */
export function explainPolicy(request: PolicyRequest, data: PolicyData, maxPaths: number = MAX_PATHS_PER_ITEM): PolicyExplanation {
  const hits = matchMappings(request, data);
  const chains = new Map<string, Chain[]>();
  const names = groupNames(data, hits);
  /** Groups a chain reached after they were full: their ancestors' chains through them were never built. */
  const cut = new Set<string>();
  const climb = (groupId: string, chain: Chain, onPath: Set<string>) => {
    let list = chains.get(groupId);
    if (!list) chains.set(groupId, (list = []));
    if (list.length >= maxPaths) {
      cut.add(groupId);
      return;
    }
    list.push(chain);
    for (const parent of data.parents.get(groupId) ?? []) {
      if (onPath.has(parent.id)) continue;
      onPath.add(parent.id);
      climb(parent.id, { via: [parent.name, ...chain.via], source: chain.source }, onPath);
      onPath.delete(parent.id);
    }
  };
  const windowOf = (key: string) => data.grantWindows?.get(key);
  for (const g of data.explicitGroups) climb(g.id, { via: [], source: { kind: "member", group: g.name, window: windowText(windowOf(grantKey.group(g.id))) } }, new Set([g.id]));
  for (const hit of hits) climb(hit.group.id, { via: [], source: { kind: "mapping", hit } }, new Set([hit.group.id]));
  const incomplete = cut.size > 0 ? ancestorsOf(cut, data.parents) : cut;

  const budget: PathBudget = { left: PATHS_PER_ANSWER_FACTOR * maxPaths };
  const groups = new ItemCollector(maxPaths, budget);
  const roles = new ItemCollector(maxPaths, budget);
  const permissions = new ItemCollector(maxPaths, budget);
  const addRole = (role: NamedRef, text: string, truncated: boolean) => {
    const rolePermissions = data.rolePermissions.get(role.id) ?? [];
    if (truncated) {
      roles.markTruncated(role.name);
      for (const permission of rolePermissions) permissions.markTruncated(permission);
    }
    roles.add(role.name, `${role.name} ← ${text}`);
    for (const permission of rolePermissions) permissions.add(permission, `${permission} ← role ${role.name} ← ${text}`);
  };
  const decision = organizationDecisionOf(request, data);
  const { tenant, member } = roleSources(decision);
  for (const [groupId, list] of chains) {
    const name = names.get(groupId) ?? groupId;
    const truncated = incomplete.has(groupId);
    if (truncated) groups.markTruncated(name);
    const held = tenant ? (data.groupRoles.get(groupId) ?? []) : [];
    for (const chain of list) {
      groups.add(name, renderGroupPath(name, chain));
      if (held.length === 0) continue;
      const text = renderChain(chain);
      for (const role of held) addRole(role, text, truncated);
    }
  }
  if (tenant) for (const role of data.directRoles) addRole(role, `direct assignment${windowText(windowOf(grantKey.role(role.id)))}`, false);
  if (member && data.organization?.ref) {
    const { id, name } = data.organization.ref;
    const membership = windowOf(grantKey.organization(id));
    for (const role of data.organization.memberRoles)
      addRole(role, `member of organization ${name}${windowText(within(membership, windowOf(grantKey.memberRole(id, role.id))))}`, false);
  }

  const { switches } = data;
  const refused = decision !== null && !decision.member;
  const passthrough = `passthrough from the identity provider${request.connection ? ` (${request.connection})` : ""}`;
  if (switches.groupsPassthrough) for (const g of request.connectionGroups ?? []) groups.add(g, `${g} ← ${passthrough}`);
  if (switches.rolesPassthrough && !refused) for (const r of request.connectionRoles ?? []) roles.add(r, `${r} ← ${passthrough}`);
  if (switches.permissionsPassthrough && !refused) for (const p of request.connectionPermissions ?? []) permissions.add(p, `${p} ← ${passthrough}`);

  return { groups: groups.sorted(), roles: roles.sorted(), permissions: permissions.sorted() };
}

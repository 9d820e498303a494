import { RequestContext } from "../context/request-context";
import { ensureUsers } from "../users/user-stubs";
import { LoginProfile, LoginProfileKeeper } from "../users/user-profile";
import { Actor } from "../common/context";
import { ForbiddenError } from "../common/errors";
import { Configuration } from "../configuration/configuration.entity";
import { Database } from "../db/database";
import { AuthorizationSnapshot } from "../users/authorization-snapshot.entity";
import { requestTime } from "../common/grant-window";
import { activeGrants, effectiveRoles, grantsValidUntil } from "./effective";
import { LoginRead, LoginReader } from "./login-reader";
import { loginAt, ModelCache } from "./model-cache";
import { ancestorsOf, computePolicy, explainPolicy, matchMappings, MAX_PATHS_PER_ITEM, PolicyData, PolicyExplanation, PolicyRequest, PolicyResult, startGroupIds } from "./policy";
import { PolicyStore } from "./policy.store";

/**
 * A login's answer. `validUntil` (docs/design.md §13): the earliest instant after the request's
 * time at which one of the user's windowed grants starts or ends — the answer may change then
 * without any write; null when no boundary lies ahead.
 */
export type AuthorizationAnswer = PolicyResult & { userId: string; clientId: string; persisted: PersistedLists | null; validUntil: Date | null };

/** The lists the persist switches select, keyed `groups`/`roles`/`permissions` (the extension's app_metadata.authorization shape). */
export type PersistedLists = Partial<Record<"groups" | "roles" | "permissions", string[]>>;

/** What a login hook writes to app_metadata.authorization (docs/design.md §14.3): the selected lists; null with every persist switch off. */
export function persistedLists(result: PolicyResult, configuration: Pick<Configuration, "persistGroups" | "persistRoles" | "persistPermissions">): PersistedLists | null {
  const lists: PersistedLists = {};
  if (configuration.persistGroups) lists.groups = result.groups;
  if (configuration.persistRoles) lists.roles = result.roles;
  if (configuration.persistPermissions) lists.permissions = result.permissions;
  return Object.keys(lists).length > 0 ? lists : null;
}

/** The scope a bearer token needs to ask the login-time question (the API key may always ask it). */
export const AUTHORIZE_SCOPE = "read:authorization";

/** Whether `actor` may ask the login-time question: the login-hook API key, the CLI, or a token or console session with AUTHORIZE_SCOPE. */
export function mayAuthorize(actor: Actor): boolean {
  return (actor.kind !== "token" && actor.kind !== "session") || actor.scopes.has(AUTHORIZE_SCOPE);
}

/**
 * Answers the login-time question (docs/design.md §3) and explains it; persists snapshots when
 * configured. `authorize` is the one transport-free command behind GraphQL's
 * `authorizationContext` and the REST policy route.
 */
export class AuthorizationService {
  private readonly store: PolicyStore;
  private readonly profiles: LoginProfileKeeper;

  constructor(
    private readonly db: Database,
    private readonly reader: LoginReader,
    readonly cache: ModelCache,
    /** Most paths explainAuthorization lists per item (EXPLAIN_MAX_PATHS). */
    private readonly explainMaxPaths: number = MAX_PATHS_PER_ITEM,
  ) {
    this.store = new PolicyStore(db);
    this.profiles = new LoginProfileKeeper(db, (userId) => cache.userProfile(userId));
  }

  /** The context of one login, from the cached model when the request's read found it current. */
  async authorize(ctx: RequestContext, request: PolicyRequest & { profile?: LoginProfile | null }): Promise<AuthorizationAnswer> {
    if (!mayAuthorize(ctx.actor)) throw new ForbiddenError(`Insufficient scope: "${AUTHORIZE_SCOPE}" is required`, { scopes: [AUTHORIZE_SCOPE] });
    const read = await this.loginRead(ctx, request);
    // Windows are tested at the request's time on both paths: the cached model holds rows and
    // windows, never whether a grant is active (docs/design.md §13).
    const now = requestTime(ctx);
    let result: PolicyResult;
    let validUntil: number | null;
    if (read.model && read.login) {
      ({ result, validUntil } = loginAt(read.model, request, read.login.rows, now));
    } else {
      const gathered = await this.gather(ctx, request, read.configuration);
      result = computePolicy(request, gathered.data);
      validUntil = gathered.validUntil;
    }
    await this.persist(request, result, read.configuration);
    if (request.profile) await this.profiles.keepCurrent(ctx, request.userId, request.profile);
    return {
      userId: request.userId,
      clientId: request.clientId,
      ...result,
      persisted: persistedLists(result, read.configuration),
      validUntil: validUntil === null ? null : new Date(validUntil),
    };
  }

  /** The derivations of the login's answer: live grants only, each path showing the window of the grant it starts from. */
  async explain(ctx: RequestContext, request: PolicyRequest): Promise<PolicyExplanation> {
    const read = await this.loginRead(ctx, request);
    if (!read.model || !read.login) return explainPolicy(request, (await this.gather(ctx, request, read.configuration)).data, this.explainMaxPaths);
    const { model, login } = read;
    const { rows } = activeGrants(login.rows, requestTime(ctx));
    const data = { ...model.compiled.policyData(request, rows), application: model.applications.get(request.clientId) ?? null, switches: model.configuration };
    return explainPolicy(request, data, this.explainMaxPaths);
  }

  /** The request's read if it serves this login (see LoginReader.forLogin), counting cache hits. */
  private async loginRead(ctx: RequestContext, request: PolicyRequest): Promise<LoginRead> {
    const read = await this.reader.forLogin(ctx.read, request.userId, request.organizationId);
    if (read.model) this.cache.hits += 1;
    else this.cache.misses += 1;
    return read;
  }

  /**
   * Reads the slice of the model one login needs — the grants active at the request's time — in
   * a constant number of statements plus one per level; the first also reads the windows of the
   * user's windowed grants, for `validUntil` and the explanations.
   */
  private async gather(ctx: RequestContext, request: PolicyRequest, configuration: Configuration): Promise<{ data: PolicyData; validUntil: number | null }> {
    const now = requestTime(ctx);
    const [application, start] = await Promise.all([ctx.loaders.applicationById.load(request.clientId), this.store.startGroups(request, now)]);
    const { grantWindows } = start;
    const hits = matchMappings(request, start);
    const startIds = startGroupIds(start.explicitGroups, hits);
    const parents = await this.store.ancestry(startIds, ctx.loaders.parentRefs);
    const effective = [...ancestorsOf(startIds, parents)];
    const organizationId = request.organizationId;
    const [{ groupRoles, directRoles }, organization] = await Promise.all([
      this.store.roles(request.clientId, request.userId, effective, now),
      organizationId ? this.store.organization({ ...request, organizationId }, now) : undefined,
    ]);
    // Permissions of every role the login may hold; the engine decides which of them count.
    const roles = effectiveRoles(effective, (id) => groupRoles.get(id), [...directRoles, ...(organization?.memberRoles ?? [])]);
    const rolePermissions = await this.store.permissions(roles.map((role) => role.id));
    const data: PolicyData = {
      explicitGroups: start.explicitGroups,
      mappings: start.mappings,
      parents,
      groupRoles,
      directRoles,
      rolePermissions,
      organization,
      application: application && {
        id: application.id,
        name: application.name,
        type: application.type,
        supported: application.supported,
        requiredRoles: application.requiredRoles,
        organizationUsage: application.organizationUsage,
        tenantRolesInOrganizations: application.tenantRolesInOrganizations,
      },
      switches: configuration,
    };
    if (grantWindows.size > 0) data.grantWindows = grantWindows;
    return { data, validUntil: grantsValidUntil(grantWindows.values(), now) };
  }

  /** With a persist switch on, stores the selected lists for (user, application), never touching other applications. */
  private async persist(request: PolicyRequest, result: PolicyResult, configuration: Configuration): Promise<void> {
    const { persistGroups, persistRoles, persistPermissions } = configuration;
    if (!persistGroups && !persistRoles && !persistPermissions) return;
    // An upsert, atomic on both databases: logins for the same user may persist at once from
    // several instances, and a login never waits on the model's write lock (see independentWrite).
    await this.db.independentWrite(async (manager) => {
      await ensureUsers(manager, [request.userId]);
      await manager
        .createQueryBuilder()
        .insert()
        .into(AuthorizationSnapshot)
        .values({
          userId: request.userId,
          applicationId: request.clientId,
          groups: persistGroups ? result.groups : null,
          roles: persistRoles ? result.roles : null,
          permissions: persistPermissions ? result.permissions : null,
          updatedAt: new Date(),
        })
        .orUpdate(["groups", "roles", "permissions", "updatedAt"], ["userId", "applicationId"])
        .updateEntity(false)
        .execute();
    });
  }
}

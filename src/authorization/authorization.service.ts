import { RequestContext } from "../common/context";
import { ensureUsers } from "../common/repository";
import { Configuration } from "../configuration/configuration.entity";
import { ConfigurationService } from "../configuration/configuration.service";
import { Database } from "../db/database";
import { AuthorizationSnapshot } from "../users/authorization-snapshot.entity";
import { effectiveRoles } from "./effective";
import { HotModel, ModelCache, policyFromModel, UserRows } from "./model-cache";
import { ancestorsOf, computePolicy, explainPolicy, matchMappings, PolicyData, PolicyExplanation, PolicyRequest, PolicyResult, startGroupIds } from "./policy";
import { PolicyStore } from "./policy.store";

export type AuthorizationAnswer = PolicyResult & { userId: string; clientId: string };

/** Answers the login-time question (DESIGN §3) and explains it; persists snapshots when configured. */
export class AuthorizationService {
  private readonly store: PolicyStore;

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    readonly cache: ModelCache,
  ) {
    this.store = new PolicyStore(db);
  }

  async context(ctx: RequestContext, request: PolicyRequest): Promise<AuthorizationAnswer> {
    const found = await this.cached(ctx, request);
    const { configuration } = found;
    const result = found.model
      ? policyFromModel(found.model, request, found.rows)
      : computePolicy(request, await this.gather(ctx, request, configuration));
    await this.persist(request, result, configuration);
    return { userId: request.userId, clientId: request.clientId, ...result };
  }

  async explain(ctx: RequestContext, request: PolicyRequest): Promise<PolicyExplanation> {
    const found = await this.cached(ctx, request);
    if (!found.model) return explainPolicy(request, await this.gather(ctx, request, found.configuration));
    const { model, rows } = found;
    const data = { ...model.compiled.policyData(request, rows), application: model.applications.get(request.clientId) ?? null, switches: model.configuration };
    return explainPolicy(request, data);
  }

  /**
   * The current cached model and the user's rows (one statement in all), or — when the cache is
   * not current — the configuration the uncached path works with.
   */
  private async cached(
    ctx: RequestContext,
    request: PolicyRequest,
  ): Promise<{ model: HotModel; rows: UserRows; configuration: Configuration } | { model: null; configuration: Configuration }> {
    // Outside an HTTP request (CLI, benchmarks), the revision and the user's rows come in one statement.
    const snapshot = ctx.snapshot ?? (await this.configuration.snapshotFor(request.userId));
    const { model, configuration } = snapshot;
    if (!model) {
      this.cache.misses += 1;
      return { model: null, configuration };
    }
    this.cache.hits += 1;
    const rows = snapshot.login?.userId === request.userId ? snapshot.login.rows : await this.cache.userRows(request.userId, model);
    return { model, rows, configuration };
  }

  /** Reads the slice of the model one login needs: a constant number of statements plus one per level. */
  private async gather(ctx: RequestContext, request: PolicyRequest, configuration: Configuration): Promise<PolicyData> {
    const [application, start] = await Promise.all([
      ctx.loaders.applicationById.load(request.clientId),
      this.store.startGroups(request),
    ]);
    const hits = matchMappings(request, start);
    const startIds = startGroupIds(start.explicitGroups, hits);
    const parents = await this.store.ancestry(startIds, ctx.loaders.parentRefs);
    const effective = [...ancestorsOf(startIds, parents)];
    const { groupRoles, directRoles } = await this.store.roles(request.clientId, request.userId, effective);
    const roles = effectiveRoles(effective, (id) => groupRoles.get(id), directRoles);
    const rolePermissions = await this.store.permissions(roles.map((role) => role.id));
    return {
      explicitGroups: start.explicitGroups,
      mappings: start.mappings,
      parents,
      groupRoles,
      directRoles,
      rolePermissions,
      application: application && {
        id: application.id,
        name: application.name,
        type: application.type,
        supported: application.supported,
        requiredRoles: application.requiredRoles,
      },
      switches: configuration,
    };
  }

  /** With a persist switch on, stores the selected lists for (user, application), never touching other applications. */
  private async persist(request: PolicyRequest, result: PolicyResult, configuration: Configuration): Promise<void> {
    const { persistGroups, persistRoles, persistPermissions } = configuration;
    if (!persistGroups && !persistRoles && !persistPermissions) return;
    await this.db.transaction(async (manager) => {
      await ensureUsers(manager, [request.userId]);
      await manager.save(
        manager.create(AuthorizationSnapshot, {
          userId: request.userId,
          applicationId: request.clientId,
          groups: persistGroups ? result.groups : null,
          roles: persistRoles ? result.roles : null,
          permissions: persistPermissions ? result.permissions : null,
        }),
      );
    }, { touchesModel: false });
  }
}

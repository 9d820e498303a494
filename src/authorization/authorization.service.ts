import { RequestContext } from "../common/context";
import { unique } from "../common/names";
import { ensureUsers } from "../common/repository";
import { Configuration } from "../configuration/configuration.entity";
import { ConfigurationService } from "../configuration/configuration.service";
import { Database } from "../db/database";
import { AuthorizationSnapshot } from "../users/authorization-snapshot.entity";
import { HotModel, ModelCache, UserRows } from "./model-cache";
import { ancestorsOf, computePolicy, explainPolicy, MappingHit, matchMappings, NamedRef, PolicyData, PolicyExplanation, PolicyRequest, PolicyResult } from "./policy";
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
    const { data, configuration } = await this.data(ctx, request);
    const result = computePolicy(request, data);
    await this.persist(request, result, configuration);
    return { userId: request.userId, clientId: request.clientId, ...result };
  }

  async explain(ctx: RequestContext, request: PolicyRequest): Promise<PolicyExplanation> {
    const { data } = await this.data(ctx, request);
    return explainPolicy(request, data);
  }

  /** From the model cache when it is current (two statements), else through the request's loaders. */
  private async data(ctx: RequestContext, request: PolicyRequest): Promise<{ data: PolicyData; configuration: Configuration }> {
    // Outside an HTTP request (CLI, benchmarks), the revision and the user's rows come in one statement.
    const snapshot = ctx.snapshot ?? (await this.configuration.snapshotFor(request.userId));
    if (snapshot.model) {
      this.cache.hits += 1;
      const rows = snapshot.login?.userId === request.userId ? snapshot.login.rows : await this.cache.userRows(request.userId, snapshot.model);
      return this.fromCache(snapshot.model, request, rows);
    }
    this.cache.misses += 1;
    return this.gather(ctx, request, snapshot.configuration);
  }

  private fromCache(model: HotModel, request: PolicyRequest, rows: UserRows): { data: PolicyData; configuration: Configuration } {
    const explicitGroups = rows.groupIds.map((id) => ({ id, name: model.groupNames.get(id) ?? id }));
    const mappings: MappingHit[] = [];
    const byName = request.connection ? model.mappings.get(request.connection) : undefined;
    if (byName && request.connection) {
      for (const idpGroup of new Set([...(request.connectionGroups ?? []), ...explicitGroups.map((g) => g.name)])) {
        for (const group of byName.get(idpGroup) ?? []) mappings.push({ group, connectionName: request.connection, idpGroup });
      }
    }
    const effective = ancestorsOf([...rows.groupIds, ...mappings.map((m) => m.group.id)], model.parents);
    const groupRoles = new Map<string, NamedRef[]>();
    for (const groupId of effective) {
      const roles = model.groupRoles.get(groupId)?.filter((role) => role.applicationId === request.clientId);
      if (roles && roles.length > 0) groupRoles.set(groupId, roles);
    }
    const data: PolicyData = {
      explicitGroups,
      mappings,
      parents: model.parents,
      groupRoles,
      directRoles: rows.roleIds.flatMap((id) => {
        const role = model.roles.get(id);
        return role && role.applicationId === request.clientId ? [role] : [];
      }),
      rolePermissions: model.rolePermissions,
      application: model.applications.get(request.clientId) ?? null,
      switches: model.configuration,
      groupNames: model.groupNames,
      effectiveGroupIds: effective,
    };
    return { data, configuration: model.configuration };
  }

  /** Reads the slice of the model one login needs: a constant number of statements plus one per level. */
  private async gather(
    ctx: RequestContext,
    request: PolicyRequest,
    configuration: Configuration,
  ): Promise<{ data: PolicyData; configuration: Configuration }> {
    const [application, start] = await Promise.all([
      ctx.loaders.applicationById.load(request.clientId),
      this.store.startGroups(request),
    ]);
    const hits = matchMappings(request, start);
    const startIds = unique([...start.explicitGroups.map((g) => g.id), ...hits.map((h) => h.group.id)]);
    const parents = await this.store.ancestry(startIds, ctx.loaders.parentRefs);
    const effective = [...ancestorsOf(startIds, parents)];
    const { groupRoles, directRoles } = await this.store.roles(request.clientId, request.userId, effective);
    const roleIds = unique([...[...groupRoles.values()].flat().map((r) => r.id), ...directRoles.map((r) => r.id)]);
    const rolePermissions = await this.store.permissions(roleIds);
    const data: PolicyData = {
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
    return { data, configuration };
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

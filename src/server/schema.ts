import { GraphQLSchema } from "graphql";
import { AuthChecker, buildSchema, NonEmptyArray } from "type-graphql";
import { ApplicationResolver } from "../applications/application.resolver";
import { ApplicationService } from "../applications/application.service";
import { RequestContext } from "../common/context";
import { ForbiddenError } from "../common/errors";
import { GroupFieldsResolver } from "../groups/group-fields.resolver";
import { GroupNestingService } from "../groups/group-nesting.service";
import { GroupRelationsService } from "../groups/group-relations.service";
import { GroupResolver } from "../groups/group.resolver";
import { GroupService } from "../groups/group.service";
import { PermissionResolver } from "../permissions/permission.resolver";
import { PermissionService } from "../permissions/permission.service";
import { RoleFieldsResolver } from "../roles/role-fields.resolver";
import { RoleResolver } from "../roles/role.resolver";
import { RoleService } from "../roles/role.service";
import { UserFieldsResolver } from "../users/user-fields.resolver";
import { UserRelationsService } from "../users/user-relations.service";
import { UserResolver } from "../users/user.resolver";
import { UserService } from "../users/user.service";

/** The services resolvers translate to; built once by the composition root. */
export interface Services {
  applications: ApplicationService;
  users: UserService;
  userRelations: UserRelationsService;
  groups: GroupService;
  groupNesting: GroupNestingService;
  groupRelations: GroupRelationsService;
  roles: RoleService;
  permissions: PermissionService;
}

/** `@Authorized(scope…)`: every listed scope is required; a missing one is FORBIDDEN naming it. */
const authChecker: AuthChecker<RequestContext> = ({ context }, scopes) => {
  const missing = scopes.filter((scope) => !context.actor.scopes.has(scope));
  if (missing.length > 0) {
    throw new ForbiddenError(`Missing scope ${missing.map((s) => `"${s}"`).join(", ")} for this operation`, { scopes: missing });
  }
  return true;
};

function resolverInstances(services: Services): object[] {
  return [
    new ApplicationResolver(services.applications),
    new UserResolver(services.users),
    new UserFieldsResolver(services.userRelations),
    new GroupResolver(services.groups, services.groupNesting),
    new GroupFieldsResolver(services.groupRelations),
    new RoleResolver(services.roles),
    new RoleFieldsResolver(),
    new PermissionResolver(services.permissions),
  ];
}

/** Builds the executable schema with resolvers wired to `services` (explicit wiring, no DI container). */
export async function buildGatehouseSchema(services: Services): Promise<GraphQLSchema> {
  const instances = resolverInstances(services);
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return buildSchema({
    resolvers: instances.map((instance) => instance.constructor) as NonEmptyArray<Function>,
    container: { get: (someClass: unknown) => byClass.get(someClass) },
    authChecker,
    validate: { forbidUnknownValues: false },
  });
}

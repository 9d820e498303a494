import { getNamedType, GraphQLSchema } from "graphql";
import { AuthChecker, buildSchema, NonEmptyArray } from "type-graphql";
import { ApplicationResolver } from "../applications/application.resolver";
import { ApplicationService } from "../applications/application.service";
import { ApiKeyService } from "../auth/api-key.service";
import { ViewerResolver } from "../auth/viewer.resolver";
import { scopeObjectFields } from "./field-scopes";
import { auditMutations } from "../audit/audit.middleware";
import { AuditResolver } from "../audit/audit.resolver";
import { AuditService } from "../audit/audit.service";
import { AuthorizationResolver } from "../authorization/authorization.resolver";
import { AuthorizationService } from "../authorization/authorization.service";
import { ConfigurationResolver } from "../configuration/configuration.resolver";
import { ConfigurationService } from "../configuration/configuration.service";
import { RequestContext } from "../context/request-context";
import { BadUserInputError, ForbiddenError } from "../common/errors";
import { wrapMutations } from "../common/mutations";
import { textProblemIn } from "../common/validators";
import { GroupFieldsResolver } from "../groups/group-fields.resolver";
import { GroupNestingService } from "../groups/group-nesting.service";
import { GroupRelationsService } from "../groups/group-relations.service";
import { GroupResolver } from "../groups/group.resolver";
import { GroupService } from "../groups/group.service";
import { OrganizationFieldsResolver, OrganizationMemberFieldsResolver, UserOrganizationsResolver } from "../organizations/organization-fields.resolver";
import { OrganizationRelationsService } from "../organizations/organization-relations.service";
import { OrganizationResolver } from "../organizations/organization.resolver";
import { OrganizationService } from "../organizations/organization.service";
import { PermissionResolver } from "../permissions/permission.resolver";
import { PermissionService } from "../permissions/permission.service";
import { RoleFieldsResolver } from "../roles/role-fields.resolver";
import { RoleResolver } from "../roles/role.resolver";
import { RoleService } from "../roles/role.service";
import { ExportService } from "../transfer/export.service";
import { ImportService } from "../transfer/import.service";
import { UsersImportService } from "../transfer/users-import.service";
import { TransferResolver } from "../transfer/transfer.resolver";
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
  organizations: OrganizationService;
  organizationRelations: OrganizationRelationsService;
  configuration: ConfigurationService;
  apiKeys: ApiKeyService;
  authorization: AuthorizationService;
  audit: AuditService;
  exports: ExportService;
  imports: ImportService;
  userImports: UsersImportService;
}

/** What the login-hook API key may call besides the REST policy endpoint (viewer needs no scope: docs/design.md §11). */
const API_KEY_OPERATIONS = new Set(["Query.authorizationContext", "Query.viewer"]);

/**
 * `@Authorized(scope…)`: every listed scope is required; a missing one is FORBIDDEN naming it.
 * The API key carries no scope: it is allowed exactly the operations in API_KEY_OPERATIONS.
 */
const authChecker: AuthChecker<RequestContext> = ({ context, info }, scopes) => {
  if (context.actor.kind === "apikey") {
    if (API_KEY_OPERATIONS.has(`${info.parentType.name}.${info.fieldName}`)) return true;
    throw new ForbiddenError(
      `The API key only grants authorizationContext and the policy endpoint; ${info.fieldName} needs a bearer token with scope ${scopes.map((s) => `"${s}"`).join(", ")}`,
      { scopes },
    );
  }
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
    new OrganizationResolver(services.organizations),
    new OrganizationFieldsResolver(services.organizationRelations),
    new UserOrganizationsResolver(services.organizationRelations),
    new OrganizationMemberFieldsResolver(),
    new ConfigurationResolver(services.configuration, services.apiKeys),
    new AuthorizationResolver(services.authorization),
    new AuditResolver(services.audit),
    new TransferResolver(services.exports, services.imports),
    new ViewerResolver(),
  ];
}

/**
 * Refuses NUL in the typed arguments of every root mutation (BAD_USER_INPUT naming the field,
 * before anything runs): see textProblem. A JSON argument — importData's file — is checked by
 * its own validation, which reports every problem of the file at once.
 */
function refuseNulInMutations(schema: GraphQLSchema): GraphQLSchema {
  return wrapMutations(schema, (resolve, fieldArgs) => {
    const typed = fieldArgs.filter((arg) => getNamedType(arg.type).name !== "JSON").map((arg) => arg.name);
    return (root, args, context, info) => {
      for (const name of typed) {
        const found = textProblemIn(args[name], name);
        if (found) throw new BadUserInputError(`Invalid input: ${found.path}: ${found.message}`, { field: found.path });
      }
      return resolve(root, args, context, info);
    };
  });
}

/** Builds the executable schema with resolvers wired to `services` (explicit wiring, no DI container). */
export async function buildGatehouseSchema(services: Services): Promise<GraphQLSchema> {
  const instances = resolverInstances(services);
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  const schema = await buildSchema({
    resolvers: instances.map((instance) => instance.constructor) as NonEmptyArray<Function>,
    container: { get: (someClass: unknown) => byClass.get(someClass) },
    authChecker,
    validate: { forbidUnknownValues: false },
  });
  return scopeObjectFields(auditMutations(refuseNulInMutations(schema)));
}

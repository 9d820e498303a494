import { NotFoundError } from "../../common/errors";
import { loadExisting, loadLinks } from "../../common/loader-utils";
import { byName, unique } from "../../common/names";
import { LIMITS } from "../../common/limits";
import type { Scope } from "../../auth/scopes";
import type { RequestContext } from "../../context/request-context";
import { User } from "../../users/user.entity";
import { UserGroupsArgs, UserRolesArgs } from "../../users/user.inputs";
import { ApiCall, ApiRoute, audited, idListChange, noContent, ok, validInput } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { pageAt, pageIndex, userPaging } from "./paging";
import { auth0User, compactGroup, formattedRole, S, userRole } from "./shapes";

const values = (what: string): JsonSchema => ({
  type: "array",
  items: { type: "string", minLength: 1, maxLength: LIMITS.id },
  minItems: 1,
  maxItems: LIMITS.idsPerCall,
  description: what,
});

/** The user of the path in Gatehouse's user index, or NOT_FOUND. */
async function userOf(call: ApiCall): Promise<User> {
  const user = await call.services.users.get(call.ctx, call.params.id);
  if (!user) throw new NotFoundError("User", [call.params.id]);
  return user;
}

/** `?expand` of `/api/users/{id}/groups`: the extension turned expansion on for any value; "false" and "0" are off here. */
const expanded = (value: unknown) => typeof value === "string" && value !== "" && value !== "false" && value !== "0";

/**
 * `PATCH /api/users/{id}/…`: the values (ids or names) are held to the GraphQL mutation's argument
 * class as sent, resolved to ids, and added under that mutation's audit entry with the resolved ids.
 */
function addByIdOrName<A extends { userId: string }>(spec: {
  path: string;
  scope: Scope;
  summary: string;
  body: JsonSchema;
  done: string;
  args: new () => A;
  list: keyof A & string;
  operation: string;
  resolve(call: ApiCall, given: string[]): Promise<Array<{ id: string }>>;
  add(call: ApiCall, ctx: RequestContext, userId: string, ids: string[]): Promise<unknown>;
}): ApiRoute {
  return {
    method: "PATCH",
    path: spec.path,
    scope: spec.scope,
    summary: spec.summary,
    body: spec.body,
    answer: { status: 204, description: spec.done },
    async handle(call) {
      const given = call.body as string[];
      await validInput(spec.args, { userId: call.params.id, [spec.list]: given } as Partial<A>);
      const ids = (await spec.resolve(call, given)).map((item) => item.id);
      const args = { userId: call.params.id, [spec.list]: ids };
      await spec.add(call, audited(call.ctx, spec.operation, args), call.params.id, ids);
      return noContent();
    },
  };
}

/** `/api/users…` (EXTENSION.md §2.6), answered from Gatehouse's user index. */
export const userRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/users",
    scope: "read:users",
    summary: "Users of Gatehouse's index in user id order, in the Management API's search envelope; `q` matches id, e-mail or name.",
    query: {
      q: { type: "string", maxLength: LIMITS.search, description: "Case-insensitive substring of the id, e-mail or name." },
      field: { type: "string", maxLength: 1000, description: "Accepted for compatibility; `q` always searches id, e-mail and name." },
      ...userPaging,
    },
    answer: {
      status: 200,
      description: "{start, limit, length, users, total}",
      schema: S.object({ start: { type: "integer" }, limit: { type: "integer" }, length: { type: "integer" }, users: S.list(S.user), total: { type: "integer" } }),
    },
    async handle(call) {
      const limit = (call.query.per_page as number | undefined) ?? 100;
      const index = pageIndex(call.query.page);
      const search = typeof call.query.q === "string" && call.query.q !== "" ? call.query.q : undefined;
      const page = await pageAt(index, (after) => call.services.users.list(call.ctx, { first: limit, after, search }));
      return ok({ start: index * limit, limit, length: page.nodes.length, users: page.nodes.map(auth0User), total: page.totalCount });
    },
  },
  {
    method: "GET",
    path: "/api/users/{id}",
    scope: "read:users",
    summary: "The user, from Gatehouse's index.",
    answer: { status: 200, description: "The user", schema: S.user },
    async handle(call) {
      return ok(auth0User(await userOf(call)));
    },
  },
  {
    method: "GET",
    path: "/api/users/{id}/groups",
    scope: "read:groups",
    summary: "The user's explicit groups; with `expand`, the explicit groups and their ancestors, and the roles of those groups.",
    query: { expand: { type: "string", description: "Any value but empty, `false` or `0` expands." } },
    answer: {
      status: 200,
      description: "Group[] (compact), or {groups, roles} with expand",
      schema: { anyOf: [S.list(S.compact), S.object({ groups: S.list(S.compact), roles: S.list(S.formattedRole) })] },
    },
    async handle(call) {
      const user = await userOf(call);
      const relations = call.services.userRelations;
      if (!expanded(call.query.expand)) return ok((await relations.groups(call.ctx, user)).map(compactGroup));
      const groups = await relations.effectiveGroups(call.ctx, user);
      const roleIds = await loadLinks(
        call.ctx.loaders.roleIdsByGroup,
        groups.map((g) => g.id),
      );
      const roles = (await loadExisting(call.ctx.loaders.roleById, unique([...roleIds.values()].flat()))).sort(byName);
      return ok({ groups: groups.map(compactGroup), roles: await Promise.all(roles.map((role) => formattedRole(call.ctx, role))) });
    },
  },
  {
    method: "GET",
    path: "/api/users/{id}/groups/calculate",
    scope: "read:groups",
    summary: "The user's explicit groups and their ancestors (mappings need a login: not included).",
    answer: { status: 200, description: "Group[] (compact)", schema: S.list(S.compact) },
    async handle(call) {
      return ok((await call.services.userRelations.effectiveGroups(call.ctx, await userOf(call))).map(compactGroup));
    },
  },
  addByIdOrName({
    path: "/api/users/{id}/groups",
    scope: "update:groups",
    summary: "Adds the user to groups, given by id or by name (each value: a group id, else a group name; neither is 404).",
    body: values("Group ids or names"),
    done: "Added",
    args: UserGroupsArgs,
    list: "groupIds",
    operation: "addUserToGroups",
    resolve: (call, given) => call.services.groups.resolve(call.ctx, given),
    add: (call, ctx, userId, ids) => call.services.users.addToGroups(ctx, userId, ids),
  }),
  {
    method: "GET",
    path: "/api/users/{id}/roles",
    scope: "read:roles",
    summary: "The roles assigned to the user directly.",
    answer: { status: 200, description: "Role[]", schema: S.list(S.userRole) },
    async handle(call) {
      return ok((await call.services.userRelations.roles(call.ctx, await userOf(call))).map(userRole));
    },
  },
  {
    method: "GET",
    path: "/api/users/{id}/roles/calculate",
    scope: "read:roles",
    summary: "Direct roles plus the roles of the user's explicit groups and their ancestors, of every application (no mappings).",
    answer: { status: 200, description: "Role[]", schema: S.list(S.userRole) },
    async handle(call) {
      return ok((await call.services.userRelations.effectiveRoles(call.ctx, await userOf(call))).map(userRole));
    },
  },
  addByIdOrName({
    path: "/api/users/{id}/roles",
    scope: "update:roles",
    summary: "Assigns roles to the user directly, given by id or by name (a name: every role of that name).",
    body: values("Role ids or names"),
    done: "Assigned",
    args: UserRolesArgs,
    list: "roleIds",
    operation: "addUserRoles",
    resolve: (call, given) => call.services.roles.resolve(call.ctx, given),
    add: (call, ctx, userId, ids) => call.services.users.addRoles(ctx, userId, ids),
  }),
  idListChange({
    method: "DELETE",
    path: "/api/users/{id}/roles",
    scope: "update:roles",
    summary: "Removes direct role assignments (nothing changes when one id is unknown).",
    body: values("Role ids"),
    done: "Removed",
    args: UserRolesArgs,
    owner: "userId",
    list: "roleIds",
    operation: "removeUserRoles",
    change: (call, ctx, args) => call.services.users.removeRoles(ctx, args.userId, args.roleIds),
  }),
];

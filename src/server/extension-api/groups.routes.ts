import { NotFoundError } from "../../common/errors";
import { LIMITS } from "../../common/limits";
import { Group } from "../../groups/group.entity";
import {
  AddGroupMappingsArgs,
  CreateGroupInput,
  GroupMappingInput,
  GroupMembersArgs,
  GroupRolesArgs,
  NestedGroupsArgs,
  RemoveGroupMappingsArgs,
  UpdateGroupInput,
} from "../../groups/group.inputs";
import { ApiCall, ApiRoute, audited, idListChange, idListChanges, noContent, ok, unlessUsed, validInput } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { memberPaging, pageAt, pageIndex } from "./paging";
import { namesOf, recordListRoute } from "./records";
import { auth0User, byNameField, compactGroup, formattedRole, fullRecord, fullRecords, S } from "./shapes";

const groupBody: JsonSchema = {
  type: "object",
  properties: { name: { type: "string", minLength: 1, maxLength: LIMITS.groupName }, description: { type: "string", maxLength: LIMITS.description } },
  required: ["name", "description"],
  additionalProperties: false,
};
const ids = (what: string): JsonSchema => ({ type: "array", items: { type: "string", minLength: 1 }, minItems: 1, maxItems: LIMITS.idsPerCall, description: what });

/** The group of the path, or NOT_FOUND (the extension's `The record <id> in groups does not exist.`). */
export async function groupOf(call: ApiCall): Promise<Group> {
  const group = await call.services.groups.get(call.ctx, call.params.id);
  if (!group) throw new NotFoundError("Group", [call.params.id]);
  return group;
}

/** `/api/groups…` (EXTENSION.md §2.3). */
export const groupRoutes: ApiRoute[] = [
  recordListRoute("groups", "read:groups", "Every group as a full record; `total` counts all groups, before `q` filters them.", S.group),
  {
    method: "POST",
    path: "/api/groups",
    scope: "create:groups",
    summary: "Creates a group (names are unique ignoring case).",
    body: groupBody,
    answer: { status: 200, description: "The created group", schema: S.group },
    async handle(call) {
      const input = await validInput(CreateGroupInput, call.body as CreateGroupInput);
      const group = await call.services.groups.create(audited(call.ctx, "createGroup", { input }), input);
      return ok(await fullRecord(call, "groups", group.id));
    },
  },
  {
    method: "GET",
    path: "/api/groups/{id}",
    scope: "read:groups",
    summary: "The group; with `expand`, the roles of the group and of its ancestors, with their permissions.",
    query: { expand: { type: "boolean", description: "Add `roles`." } },
    answer: {
      status: 200,
      description: "{_id, name, description}, with expand also roles",
      schema: { type: "object", properties: { _id: S.str, name: S.str, description: S.str, roles: S.list(S.formattedRole) }, required: ["_id", "name", "description"] },
    },
    async handle(call) {
      const group = await groupOf(call);
      if (call.query.expand !== true) return ok(compactGroup(group));
      const seen = new Set<string>();
      const roles = (await call.services.groupRelations.effectiveRoles(call.ctx, group)).map((held) => held.role).filter((role) => !seen.has(role.id) && seen.add(role.id));
      return ok({ ...compactGroup(group), roles: await Promise.all(roles.map((role) => formattedRole(call.ctx, role))) });
    },
  },
  {
    method: "PUT",
    path: "/api/groups/{id}",
    scope: "update:groups",
    summary: "Renames the group and sets its description.",
    body: groupBody,
    answer: { status: 200, description: "The updated group", schema: S.group },
    async handle(call) {
      const input = await validInput(UpdateGroupInput, call.body as UpdateGroupInput);
      await call.services.groups.update(audited(call.ctx, "updateGroup", { id: call.params.id, input }), call.params.id, input);
      return ok(await fullRecord(call, "groups", call.params.id));
    },
  },
  {
    method: "DELETE",
    path: "/api/groups/{id}",
    scope: "delete:groups",
    summary: "Deletes the group; refused while it is nested in other groups (its own members, roles and children do not block).",
    answer: { status: 204, description: "Deleted" },
    async handle(call) {
      const { id } = call.params;
      await unlessUsed(
        () => call.services.groups.delete(audited(call.ctx, "deleteGroup", { id, force: false }), id, false),
        "nested",
        "groups",
        (parentIds) => namesOf(call, "groupById", parentIds),
      );
      return noContent();
    },
  },
  {
    method: "GET",
    path: "/api/groups/{id}/members",
    scope: "read:groups",
    summary: "Direct members, in user id order (names and e-mails with `read:groups`, as the extension answered them).",
    query: memberPaging,
    answer: { status: 200, description: "{total, users}", schema: S.object({ total: { type: "integer" }, users: S.list(S.user) }) },
    async handle(call) {
      const group = await groupOf(call);
      const first = (call.query.per_page as number | undefined) ?? 25;
      const page = await pageAt(pageIndex(call.query.page), (after) => call.services.groupRelations.members(call.ctx, group, { first, after }));
      return ok({ total: page.totalCount, users: page.nodes.map(auth0User) });
    },
  },
  ...idListChanges(
    { path: "/api/groups/{id}/members", scope: "update:groups", body: ids("User ids"), args: GroupMembersArgs, owner: "groupId", list: "userIds" },
    {
      summary: "Adds users (any user id; unknown ones become users of the index).",
      done: "Added",
      operation: "addGroupMembers",
      change: (call, ctx, args) => call.services.groups.addMembers(ctx, args.groupId, args.userIds),
    },
    {
      summary: "Removes users from the group.",
      done: "Removed",
      operation: "removeGroupMembers",
      change: (call, ctx, args) => call.services.groups.removeMembers(ctx, args.groupId, args.userIds),
    },
  ),
  {
    method: "GET",
    path: "/api/groups/{id}/members/nested",
    scope: "read:groups",
    summary: "Members of the group and of its descendants: one entry per (user, group the membership comes through), in user id order.",
    query: memberPaging,
    answer: {
      status: 200,
      description: "{total, nested}",
      schema: S.object({
        total: { type: "integer" },
        nested: S.list(
          S.object({
            user: S.object({ user_id: S.str, name: { type: "string", nullable: true }, nickname: { type: "string", nullable: true }, email: { type: "string", nullable: true } }),
            group: S.compact,
          }),
        ),
      }),
    },
    async handle(call) {
      const group = await groupOf(call);
      const first = (call.query.per_page as number | undefined) ?? 25;
      const page = await pageAt(pageIndex(call.query.page), (after) => call.services.groupRelations.calculatedMembers(call.ctx, group, { first, after }));
      const nested = page.nodes.map(({ user, group: source }) => ({
        user: { user_id: user.id, name: user.name, nickname: user.name, email: user.email },
        group: compactGroup(source),
      }));
      return ok({ total: page.totalCount, nested });
    },
  },
  {
    method: "GET",
    path: "/api/groups/{id}/nested",
    scope: "read:groups",
    summary: "The direct children as full records, sorted by name.",
    answer: { status: 200, description: "Group[]", schema: S.list(S.group) },
    async handle(call) {
      const children = await call.services.groupRelations.nestedGroups(call.ctx, await groupOf(call));
      return ok(
        await fullRecords(
          call,
          "groups",
          children.map((g) => g.id),
        ),
      );
    },
  },
  ...idListChanges(
    { path: "/api/groups/{id}/nested", scope: "update:groups", body: ids("Group ids"), args: NestedGroupsArgs, owner: "groupId", list: "groupIds" },
    {
      summary: "Makes the listed groups children of this one; self-nesting and cycles are refused (400 naming the cycle).",
      done: "Nested",
      operation: "addNestedGroups",
      change: (call, ctx, args) => call.services.groupNesting.addNested(ctx, args.groupId, args.groupIds),
    },
    {
      summary: "Removes the listed children.",
      done: "Removed",
      operation: "removeNestedGroups",
      change: (call, ctx, args) => call.services.groupNesting.removeNested(ctx, args.groupId, args.groupIds),
    },
  ),
  {
    method: "GET",
    path: "/api/groups/{id}/roles",
    scope: "read:groups",
    summary: "The group's direct roles as full records (with `users`).",
    answer: { status: 200, description: "Role[]", schema: S.list(S.role) },
    async handle(call) {
      const roles = await call.services.groupRelations.roles(call.ctx, await groupOf(call));
      return ok(
        await fullRecords(
          call,
          "roles",
          roles.map((r) => r.id),
        ),
      );
    },
  },
  ...idListChanges(
    { path: "/api/groups/{id}/roles", scope: "update:groups", body: ids("Role ids"), args: GroupRolesArgs, owner: "groupId", list: "roleIds" },
    { summary: "Adds roles to the group.", done: "Added", operation: "addGroupRoles", change: (call, ctx, args) => call.services.groups.addRoles(ctx, args.groupId, args.roleIds) },
    {
      summary: "Removes roles from the group.",
      done: "Removed",
      operation: "removeGroupRoles",
      change: (call, ctx, args) => call.services.groups.removeRoles(ctx, args.groupId, args.roleIds),
    },
  ),
  {
    method: "GET",
    path: "/api/groups/{id}/roles/nested",
    scope: "read:groups",
    summary: "The roles of the group and of its ancestors by role name, each with the group that holds it (this group when it does), as full records.",
    answer: { status: 200, description: "[{role, group}]", schema: S.list(S.object({ role: S.role, group: S.group })) },
    async handle(call) {
      const group = await groupOf(call);
      const held = await call.services.groupRelations.effectiveRoles(call.ctx, group);
      const pairs = new Map<string, string>();
      for (const { role, group: source } of held) if (source.id === group.id) pairs.set(role.id, source.id);
      for (const { role, group: source } of held) if (!pairs.has(role.id)) pairs.set(role.id, source.id);
      const roles = await fullRecords(call, "roles", [...pairs.keys()]);
      const groups = new Map((await fullRecords(call, "groups", [...new Set(pairs.values())])).map((g) => [(g as { _id: string })._id, g]));
      const sorted = (roles as Array<{ _id: string; name: string }>).sort(byNameField);
      return ok(sorted.map((role) => ({ role, group: groups.get(pairs.get(role._id)!) })));
    },
  },
  {
    method: "GET",
    path: "/api/groups/{id}/mappings",
    scope: "read:groups",
    summary: "The group's mappings; `connectionName` is the stored connection name (there is no connection directory).",
    answer: { status: 200, description: "Mapping[]", schema: S.list(S.mapping) },
    async handle(call) {
      const mappings = await call.services.groupRelations.mappings(call.ctx, await groupOf(call));
      return ok(mappings.map((m) => ({ _id: m.id, groupName: m.groupName, connectionName: m.connectionName })));
    },
  },
  {
    method: "PATCH",
    path: "/api/groups/{id}/mappings",
    scope: "update:groups",
    summary: "Adds mappings (a connection's IdP group makes its users members at login); one already on the group is ignored.",
    body: {
      type: "array",
      minItems: 1,
      maxItems: LIMITS.idsPerCall,
      items: {
        type: "object",
        properties: { groupName: { type: "string", minLength: 1 }, connectionName: { type: "string", minLength: 1 } },
        required: ["groupName", "connectionName"],
        additionalProperties: false,
      },
    },
    answer: { status: 204, description: "Added" },
    async handle(call) {
      const mappings = await Promise.all((call.body as GroupMappingInput[]).map((mapping) => validInput(GroupMappingInput, mapping)));
      const args = await validInput(AddGroupMappingsArgs, { groupId: call.params.id, mappings });
      await call.services.groups.addMappings(audited(call.ctx, "addGroupMappings", { ...args }), args.groupId, args.mappings);
      return noContent();
    },
  },
  idListChange({
    method: "DELETE",
    path: "/api/groups/{id}/mappings",
    scope: "update:groups",
    summary: "Removes mappings by their `_id`.",
    body: ids("Mapping ids"),
    done: "Removed",
    args: RemoveGroupMappingsArgs,
    owner: "groupId",
    list: "mappingIds",
    operation: "removeGroupMappings",
    change: (call, ctx, args) => call.services.groups.removeMappings(ctx, args.groupId, args.mappingIds),
  }),
];

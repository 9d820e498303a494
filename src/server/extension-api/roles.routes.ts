import { NotFoundError } from "../../common/errors";
import { loadExisting } from "../../common/loader-utils";
import { LIMITS } from "../../common/limits";
import { CreatePermissionInput, UpdatePermissionInput } from "../../permissions/permission.inputs";
import { CreateRoleInput, UpdateRoleInput } from "../../roles/role.inputs";
import type { StubOptions } from "../../roles/role.service";
import { ApiCall, ApiRoute, audited, ExtensionValidationError, noContent, ok, unlessUsed, validInput } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { byNameField, compactPermission, compactRole, filtered, fullRecord, S } from "./shapes";

const listQuery: Record<string, JsonSchema> = {
  q: { type: "string", maxLength: 1000, description: "Case-insensitive substring of `field`." },
  field: { type: "string", maxLength: 1000, description: "The record field `q` searches (default `name`)." },
};

const applicationFields = {
  description: { type: "string", maxLength: LIMITS.description },
  applicationType: { type: "string", enum: ["client", "resource_server"] },
  applicationId: { type: "string", minLength: 1, maxLength: LIMITS.externalId },
} as const satisfies Record<string, JsonSchema>;

const roleBody: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1, maxLength: LIMITS.roleName },
    ...applicationFields,
    permissions: {
      type: "array",
      items: { type: "string", minLength: 1 },
      maxItems: LIMITS.idsPerCall,
      description: "Permission ids of the same application; omitted on PUT clears them.",
    },
  },
  required: ["name", "description", "applicationType", "applicationId"],
  additionalProperties: false,
};

const permissionBody: JsonSchema = {
  type: "object",
  properties: { name: { type: "string", minLength: 1, maxLength: LIMITS.permissionName }, ...applicationFields },
  required: ["name", "description", "applicationType", "applicationId"],
  additionalProperties: false,
};

interface ApplicationBody {
  name: string;
  description: string;
  applicationId: string;
  permissions?: string[];
}

/** Creates an unknown application as a stub and says so in a `Warning` header (docs/design.md §14). */
function stubs(): { options: StubOptions; headers(): Record<string, string> | undefined } {
  const created: string[] = [];
  return {
    options: { stubApplication: true, onStub: (id) => created.push(id) },
    headers: () =>
      created.length === 0 ? undefined : { warning: `199 gatehouse "application ${JSON.stringify(created[0])} was unknown: created as a stub (type REGULAR_WEB, name = id)"` },
  };
}

/** The extension refused to move a role or permission to another application (with a 500 that hid why). */
function assertSameApplication(stored: string, sent: string, kind: string): void {
  if (stored !== sent) throw new ExtensionValidationError(`The 'applicationId' of a ${kind} cannot be changed.`);
}

async function names(call: ApiCall, loader: "groupById" | "roleById", ids: string[]): Promise<string[]> {
  return (await loadExisting(call.ctx.loaders[loader], ids)).map((item) => item.name).sort();
}

/** `/api/roles…` and `/api/permissions…` (EXTENSION.md §2.4, §2.5). */
export const roleRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/roles",
    scope: "read:roles",
    summary: "Every role as a full record (with `permissions` and `users`).",
    query: listQuery,
    answer: { status: 200, description: "{roles, total}", schema: S.object({ roles: S.list(S.role), total: { type: "integer" } }) },
    async handle(call) {
      const roles = ((await call.services.exports.records("roles")) as Array<{ _id: string; name: string }>).sort(byNameField);
      return ok({ roles: filtered(roles, call.query.q, call.query.field), total: roles.length });
    },
  },
  {
    method: "POST",
    path: "/api/roles",
    scope: "create:roles",
    summary: "Creates a role; an application id Gatehouse does not know is created as a stub application (see the `Warning` header).",
    body: roleBody,
    answer: { status: 200, description: "The created role", schema: S.role },
    async handle(call) {
      const body = call.body as ApplicationBody;
      const input = await validInput(CreateRoleInput, { applicationId: body.applicationId, name: body.name, description: body.description, permissionIds: body.permissions ?? [] });
      const stub = stubs();
      const role = await call.services.roles.create(audited(call.ctx, "createRole", { input }), input, stub.options);
      return ok(await fullRecord(call, "roles", role.id), stub.headers());
    },
  },
  {
    method: "GET",
    path: "/api/roles/{id}",
    scope: "read:roles",
    summary: "The role.",
    answer: { status: 200, description: "{_id, name, description}", schema: S.compact },
    async handle(call) {
      const role = await call.services.roles.get(call.ctx, call.params.id);
      if (!role) throw new NotFoundError("Role", [call.params.id]);
      return ok(compactRole(role));
    },
  },
  {
    method: "PUT",
    path: "/api/roles/{id}",
    scope: "update:roles",
    summary: "Replaces the role: name, description and permissions (none sent clears them); the application cannot change.",
    body: roleBody,
    answer: { status: 200, description: "The updated role", schema: S.role },
    async handle(call) {
      const body = call.body as ApplicationBody;
      const role = await call.services.roles.get(call.ctx, call.params.id);
      if (!role) throw new NotFoundError("Role", [call.params.id]);
      assertSameApplication(role.applicationId, body.applicationId, "role");
      const input = await validInput(UpdateRoleInput, { name: body.name, description: body.description, permissionIds: body.permissions ?? [] });
      await call.services.roles.update(audited(call.ctx, "updateRole", { id: role.id, input }), role.id, input);
      return ok(await fullRecord(call, "roles", role.id));
    },
  },
  {
    method: "DELETE",
    path: "/api/roles/{id}",
    scope: "delete:roles",
    summary: "Deletes the role; refused while groups hold it (direct user assignments do not block).",
    answer: { status: 204, description: "Deleted" },
    async handle(call) {
      const { id } = call.params;
      await unlessUsed(
        () => call.services.roles.delete(audited(call.ctx, "deleteRole", { id, force: false }), id, false),
        "roles",
        "groups",
        (groupIds) => names(call, "groupById", groupIds),
      );
      return noContent();
    },
  },
  {
    method: "GET",
    path: "/api/permissions",
    scope: "read:permissions",
    summary: "Every permission as a full record.",
    query: listQuery,
    answer: { status: 200, description: "{permissions, total}", schema: S.object({ permissions: S.list(S.permission), total: { type: "integer" } }) },
    async handle(call) {
      const permissions = ((await call.services.exports.records("permissions")) as Array<{ _id: string; name: string }>).sort(byNameField);
      return ok({ permissions: filtered(permissions, call.query.q, call.query.field), total: permissions.length });
    },
  },
  {
    method: "POST",
    path: "/api/permissions",
    scope: "create:permissions",
    summary: "Creates a permission; an unknown application id is created as a stub application, as for roles.",
    body: permissionBody,
    answer: { status: 200, description: "The created permission", schema: S.permission },
    async handle(call) {
      const body = call.body as ApplicationBody;
      const input = await validInput(CreatePermissionInput, { applicationId: body.applicationId, name: body.name, description: body.description });
      const stub = stubs();
      const permission = await call.services.permissions.create(audited(call.ctx, "createPermission", { input }), input, stub.options);
      return ok(await fullRecord(call, "permissions", permission.id), stub.headers());
    },
  },
  {
    method: "GET",
    path: "/api/permissions/{id}",
    scope: "read:permissions",
    summary: "The permission.",
    answer: { status: 200, description: "{_id, name, description}", schema: S.compact },
    async handle(call) {
      const permission = await call.services.permissions.get(call.ctx, call.params.id);
      if (!permission) throw new NotFoundError("Permission", [call.params.id]);
      return ok(compactPermission(permission));
    },
  },
  {
    method: "PUT",
    path: "/api/permissions/{id}",
    scope: "update:permissions",
    summary: "Renames the permission and sets its description, also while roles use it; the application cannot change.",
    body: permissionBody,
    answer: { status: 200, description: "The updated permission", schema: S.permission },
    async handle(call) {
      const body = call.body as ApplicationBody;
      const permission = await call.services.permissions.get(call.ctx, call.params.id);
      if (!permission) throw new NotFoundError("Permission", [call.params.id]);
      assertSameApplication(permission.applicationId, body.applicationId, "permission");
      const input = await validInput(UpdatePermissionInput, { name: body.name, description: body.description });
      await call.services.permissions.update(audited(call.ctx, "updatePermission", { id: permission.id, input }), permission.id, input);
      return ok(await fullRecord(call, "permissions", permission.id));
    },
  },
  {
    method: "DELETE",
    path: "/api/permissions/{id}",
    scope: "delete:permissions",
    summary: "Deletes the permission; refused while roles contain it.",
    answer: { status: 204, description: "Deleted" },
    async handle(call) {
      const { id } = call.params;
      await unlessUsed(
        () => call.services.permissions.delete(audited(call.ctx, "deletePermission", { id, force: false }), id, false),
        "permissions",
        "roles",
        (roleIds) => names(call, "roleById", roleIds),
      );
      return noContent();
    },
  },
];

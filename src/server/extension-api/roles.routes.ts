import { NotFoundError } from "../../common/errors";
import { LIMITS } from "../../common/limits";
import { CreatePermissionInput, UpdatePermissionInput } from "../../permissions/permission.inputs";
import { CreateRoleInput, UpdateRoleInput } from "../../roles/role.inputs";
import type { StubOptions } from "../../roles/role.service";
import type { RequestContext } from "../../context/request-context";
import { ApiCall, ApiRoute, audited, ExtensionValidationError, noContent, ok, unlessUsed, validInput } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { namesOf, recordListRoute } from "./records";
import { compactPermission, compactRole, fullRecord, S } from "./shapes";

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

/** What differs between `/api/roles…` and `/api/permissions…`: the rest of their routes is one. */
interface ApplicationItemKind<P extends "roles" | "permissions", T extends { id: string; applicationId: string }, C extends object, U extends object> {
  plural: P;
  singular: string;
  /** The entity named by NOT_FOUND. */
  entity: string;
  summaries: { list: string; create: string; update: string; delete: string };
  body: JsonSchema;
  schema: JsonSchema;
  compact(item: T): object;
  get(call: ApiCall, id: string): Promise<T | null>;
  createInput(body: ApplicationBody): Promise<C>;
  create(call: ApiCall, ctx: RequestContext, input: C, options: StubOptions): Promise<{ id: string }>;
  updateInput(body: ApplicationBody): Promise<U>;
  update(call: ApiCall, ctx: RequestContext, id: string, input: U): Promise<unknown>;
  delete(call: ApiCall, ctx: RequestContext, id: string): Promise<unknown>;
  /** The collection whose records block a delete, and the loader naming them. */
  usedIn: "groups" | "roles";
  usedBy: "groupById" | "roleById";
}

/** The list, create, read, replace and delete routes of roles or permissions, in that order. */
function applicationItemRoutes<P extends "roles" | "permissions", T extends { id: string; applicationId: string }, C extends object, U extends object>(
  kind: ApplicationItemKind<P, T, C, U>,
): ApiRoute[] {
  const { plural, singular } = kind;
  const item = async (call: ApiCall): Promise<T> => {
    const found = await kind.get(call, call.params.id);
    if (!found) throw new NotFoundError(kind.entity, [call.params.id]);
    return found;
  };
  const operation = (verb: string) => `${verb}${kind.entity}`;
  return [
    recordListRoute(plural, `read:${plural}`, kind.summaries.list, kind.schema),
    {
      method: "POST",
      path: `/api/${plural}`,
      scope: `create:${plural}`,
      summary: kind.summaries.create,
      body: kind.body,
      answer: { status: 200, description: `The created ${singular}`, schema: kind.schema },
      async handle(call) {
        const input = await kind.createInput(call.body as ApplicationBody);
        const stub = stubs();
        const created = await kind.create(call, audited(call.ctx, operation("create"), { input }), input, stub.options);
        return ok(await fullRecord(call, plural, created.id), stub.headers());
      },
    },
    {
      method: "GET",
      path: `/api/${plural}/{id}`,
      scope: `read:${plural}`,
      summary: `The ${singular}.`,
      answer: { status: 200, description: "{_id, name, description}", schema: S.compact },
      async handle(call) {
        return ok(kind.compact(await item(call)));
      },
    },
    {
      method: "PUT",
      path: `/api/${plural}/{id}`,
      scope: `update:${plural}`,
      summary: kind.summaries.update,
      body: kind.body,
      answer: { status: 200, description: `The updated ${singular}`, schema: kind.schema },
      async handle(call) {
        const body = call.body as ApplicationBody;
        const stored = await item(call);
        assertSameApplication(stored.applicationId, body.applicationId, singular);
        const input = await kind.updateInput(body);
        await kind.update(call, audited(call.ctx, operation("update"), { id: stored.id, input }), stored.id, input);
        return ok(await fullRecord(call, plural, stored.id));
      },
    },
    {
      method: "DELETE",
      path: `/api/${plural}/{id}`,
      scope: `delete:${plural}`,
      summary: kind.summaries.delete,
      answer: { status: 204, description: "Deleted" },
      async handle(call) {
        const { id } = call.params;
        await unlessUsed(
          () => kind.delete(call, audited(call.ctx, operation("delete"), { id, force: false }), id),
          plural,
          kind.usedIn,
          (blockers) => namesOf(call, kind.usedBy, blockers),
        );
        return noContent();
      },
    },
  ];
}

/** `/api/roles…` and `/api/permissions…` (EXTENSION.md §2.4, §2.5). */
export const roleRoutes: ApiRoute[] = [
  ...applicationItemRoutes({
    plural: "roles",
    singular: "role",
    entity: "Role",
    summaries: {
      list: "Every role as a full record (with `permissions` and `users`).",
      create: "Creates a role; an application id Gatehouse does not know is created as a stub application (see the `Warning` header).",
      update: "Replaces the role: name, description and permissions (none sent clears them); the application cannot change.",
      delete: "Deletes the role; refused while groups hold it (direct user assignments do not block).",
    },
    body: roleBody,
    schema: S.role,
    compact: compactRole,
    get: (call, id) => call.services.roles.get(call.ctx, id),
    createInput: (body) =>
      validInput(CreateRoleInput, { applicationId: body.applicationId, name: body.name, description: body.description, permissionIds: body.permissions ?? [] }),
    create: (call, ctx, input, options) => call.services.roles.create(ctx, input, options),
    updateInput: (body) => validInput(UpdateRoleInput, { name: body.name, description: body.description, permissionIds: body.permissions ?? [] }),
    update: (call, ctx, id, input) => call.services.roles.update(ctx, id, input),
    delete: (call, ctx, id) => call.services.roles.delete(ctx, id, false),
    usedIn: "groups",
    usedBy: "groupById",
  }),
  ...applicationItemRoutes({
    plural: "permissions",
    singular: "permission",
    entity: "Permission",
    summaries: {
      list: "Every permission as a full record.",
      create: "Creates a permission; an unknown application id is created as a stub application, as for roles.",
      update: "Renames the permission and sets its description, also while roles use it; the application cannot change.",
      delete: "Deletes the permission; refused while roles contain it.",
    },
    body: permissionBody,
    schema: S.permission,
    compact: compactPermission,
    get: (call, id) => call.services.permissions.get(call.ctx, id),
    createInput: (body) => validInput(CreatePermissionInput, { applicationId: body.applicationId, name: body.name, description: body.description }),
    create: (call, ctx, input, options) => call.services.permissions.create(ctx, input, options),
    updateInput: (body) => validInput(UpdatePermissionInput, { name: body.name, description: body.description }),
    update: (call, ctx, id, input) => call.services.permissions.update(ctx, id, input),
    delete: (call, ctx, id) => call.services.permissions.delete(ctx, id, false),
    usedIn: "roles",
    usedBy: "roleById",
  }),
];

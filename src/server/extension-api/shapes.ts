import { NotFoundError } from "../../common/errors";
import { isActiveAt, requestTime } from "../../common/grant-window";
import { loadExisting } from "../../common/loader-utils";
import { byName } from "../../common/names";
import type { RequestContext } from "../../context/request-context";
import type { Group } from "../../groups/group.entity";
import type { Permission } from "../../permissions/permission.entity";
import type { Role } from "../../roles/role.entity";
import type { ExportedWindow } from "../../transfer/transfer.format";
import type { User } from "../../users/user.entity";
import type { ApiCall } from "./api-route";
import type { JsonSchema } from "./json-schema";

/** The answers of the extension's API, in its field names (`_id`, `user_id`, `applicationType`). */

export const compactGroup = (group: Group) => ({ _id: group.id, name: group.name, description: group.description });
export const compactRole = (role: Role) => ({ _id: role.id, name: role.name, description: role.description });
export const compactPermission = (permission: Permission) => ({ _id: permission.id, name: permission.name, description: permission.description });
/** A role as `/api/users/{id}/roles` answered it. */
export const userRole = (role: Role) => ({ _id: role.id, name: role.name, applicationId: role.applicationId, description: role.description });

/** A user as the Management API answered it, from Gatehouse's user index (what the index holds; no profile beyond it). */
export function auth0User(user: User) {
  return {
    user_id: user.id,
    email: user.email,
    name: user.name,
    nickname: user.name,
    identities: user.connection ? [{ connection: user.connection }] : [],
  };
}

/** A role with its permissions, as expanded answers carried it. */
export async function formattedRole(ctx: RequestContext, role: Role) {
  const permissions = (await loadExisting(ctx.loaders.permissionById, await ctx.loaders.permissionIdsByRole.load(role.id))).sort(byName);
  return { ...compactRole(role), applicationId: role.applicationId, applicationType: "client", permissions: permissions.map(compactPermission) };
}

type Grants = Array<{ userId: string } & ExportedWindow>;

/**
 * A record of the export as the extension's routes answer it: the export lists every grant (a
 * windowed one also in `members`/`users`, with its window in `memberGrants`/`userGrants`); a
 * route lists the grants active at the request's time only (docs/design.md §13.4), in the
 * extension's shape, without the window keys.
 */
export function activeRecord<T extends object>(record: T, now: number): T {
  const { memberGrants, userGrants, ...rest } = record as { memberGrants?: Grants; userGrants?: Grants; members?: string[]; users?: string[] };
  const grants = memberGrants ?? userGrants;
  if (!grants) return rest as T;
  const inactive = new Set(grants.filter((grant) => !isActiveAt({ validFrom: ms(grant.validFrom), expiresAt: ms(grant.expiresAt) }, now)).map((grant) => grant.userId));
  if (rest.members) rest.members = rest.members.filter((id) => !inactive.has(id));
  if (rest.users) rest.users = rest.users.filter((id) => !inactive.has(id));
  return rest as T;
}

function ms(instant: string | null): number | null {
  return instant === null ? null : Date.parse(instant);
}

/** The full records of `ids` (the export's shape, active grants only: activeRecord), in the order of `ids`. */
export async function fullRecords(call: ApiCall, key: "groups" | "roles" | "permissions", ids: readonly string[]): Promise<object[]> {
  if (ids.length === 0) return [];
  const now = requestTime(call.ctx);
  const records = ((await call.services.exports.records(key, ids)) as Array<{ _id: string }>).map((record) => activeRecord(record, now));
  const byId = new Map(records.map((record) => [record._id, record]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function fullRecord(call: ApiCall, key: "groups" | "roles" | "permissions", id: string): Promise<object> {
  const [record] = await fullRecords(call, key, [id]);
  if (!record) throw new NotFoundError(key === "groups" ? "Group" : key === "roles" ? "Role" : "Permission", [id]);
  return record;
}

/** `?q&field` of the list routes: a case-insensitive substring of `item[field]` (`name` when no field is given; the extension crashed). */
export function filtered<T extends object>(items: T[], q: unknown, field: unknown): T[] {
  if (typeof q !== "string" || q === "") return items;
  const key = typeof field === "string" && field !== "" ? field : "name";
  const term = q.toLowerCase();
  return items.filter((item) => {
    const value = (item as Record<string, unknown>)[key];
    return (
      value !== undefined &&
      value !== null &&
      String(typeof value === "object" ? JSON.stringify(value) : value)
        .toLowerCase()
        .includes(term)
    );
  });
}

export function byNameField(a: { name: string; _id: string }, b: { name: string; _id: string }): number {
  return byName({ name: a.name, id: a._id }, { name: b.name, id: b._id });
}

// Schemas of the answers, for the OpenAPI document.
const str: JsonSchema = { type: "string" };
const strs: JsonSchema = { type: "array", items: str };
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: "object", properties, required: Object.keys(properties) });
export const S = {
  compact: object({ _id: str, name: str, description: str }),
  group: object({
    _id: str,
    name: str,
    description: str,
    members: strs,
    roles: strs,
    nested: strs,
    mappings: { type: "array", items: object({ _id: str, groupName: str, connectionName: str }) },
  }),
  role: object({ _id: str, name: str, description: str, applicationType: str, applicationId: str, permissions: strs, users: strs }),
  permission: object({ _id: str, name: str, description: str, applicationType: str, applicationId: str }),
  formattedRole: object({
    _id: str,
    name: str,
    description: str,
    applicationId: str,
    applicationType: str,
    permissions: { type: "array", items: object({ _id: str, name: str, description: str }) },
  }),
  userRole: object({ _id: str, name: str, applicationId: str, description: str }),
  mapping: object({ _id: str, groupName: str, connectionName: str }),
  user: object({
    user_id: str,
    email: { type: "string", nullable: true },
    name: { type: "string", nullable: true },
    nickname: { type: "string", nullable: true },
    identities: { type: "array", items: object({ connection: str }) },
  }),
  list: (items: JsonSchema): JsonSchema => ({ type: "array", items }),
  object,
  str,
  strs,
};

/**
 * Which page an audit entry's target id opens. The entry keeps only ids; their kind comes from
 * the argument that named them (`groupId`, `userIds`, …) or, for `id` and the result's id, from
 * the mutation's noun (createRole → role, addUserToGroups → user).
 */
import type { AuditRow } from "./audit-log.documents";

export type TargetKind = "group" | "user" | "role" | "permission" | "application";

const KEY_KINDS: ReadonlyArray<[RegExp, TargetKind]> = [
  [/^(groupId|groupIds|parentId|childId)$/, "group"],
  [/^(userId|userIds)$/, "user"],
  [/^(roleId|roleIds)$/, "role"],
  [/^(permissionId|permissionIds)$/, "permission"],
  [/^(applicationId|clientId)$/, "application"],
];

const NOUN = /^(?:create|update|delete|add|remove|upsert)(Group|User|Role|Permission|Application)/;

export function operationKind(operation: string): TargetKind | null {
  const noun = NOUN.exec(operation)?.[1];
  return noun ? (noun.toLowerCase() as TargetKind) : null;
}

/** Target id → kind, for the ids this entry's arguments or result name in a known way. */
export function targetKinds(entry: AuditRow): Map<string, TargetKind> {
  const kinds = new Map<string, TargetKind>();
  const own = operationKind(entry.operation);
  const visit = (value: unknown, key: string | null, depth: number) => {
    if (depth > 6) return;
    if (typeof value === "string" && key !== null) {
      const kind = key === "id" ? own : (KEY_KINDS.find(([re]) => re.test(key))?.[1] ?? null);
      if (kind && !kinds.has(value)) kinds.set(value, kind);
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, key, depth + 1));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
  };
  // importData's records are only counted: their ids (`_id`) are not linked.
  if (entry.operation !== "importData") visit(entry.details.input, null, 0);
  const result = entry.details.result;
  for (const item of Array.isArray(result) ? result : [result]) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === "string" && own && !kinds.has(id)) kinds.set(id, own);
  }
  return kinds;
}

export function targetHref(kind: TargetKind, id: string): string {
  const plural = kind === "group" ? "groups" : kind === "user" ? "users" : kind === "role" ? "roles" : kind === "permission" ? "permissions" : "applications";
  return `/${plural}/${encodeURIComponent(id)}`;
}

/** Mutations about the configuration (no target id): the page they change. */
export const CONFIGURATION_OPERATIONS = new Set(["updateConfiguration", "rotateApiKey"]);

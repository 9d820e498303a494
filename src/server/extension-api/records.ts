import type { Scope } from "../../auth/scopes";
import { requestTime } from "../../common/grant-window";
import { loadExisting } from "../../common/loader-utils";
import { ApiCall, ApiRoute, ok } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { activeRecord, byNameField, filtered, S } from "./shapes";

/** `?q&field` of the list routes of groups, roles and permissions. */
export const listQuery: Record<string, JsonSchema> = {
  q: { type: "string", maxLength: 1000, description: "Case-insensitive substring of `field`." },
  field: { type: "string", maxLength: 1000, description: "The record field `q` searches (default `name`)." },
};

/** `GET /api/groups`, `/api/roles`, `/api/permissions`: every record, sorted by name; `total` counts them all, before `q` filters them. */
export function recordListRoute<P extends "groups" | "roles" | "permissions">(plural: P, scope: Scope, summary: string, record: JsonSchema): ApiRoute {
  return {
    method: "GET",
    path: `/api/${plural}`,
    scope,
    summary,
    query: listQuery,
    answer: { status: 200, description: `{${plural}, total}`, schema: S.object({ [plural]: S.list(record), total: { type: "integer" } }) },
    async handle(call) {
      const now = requestTime(call.ctx);
      const records = ((await call.services.exports.records(plural)) as Array<{ _id: string; name: string }>).map((record) => activeRecord(record, now)).sort(byNameField);
      return ok({ [plural]: filtered(records, call.query.q, call.query.field), total: records.length });
    },
  };
}

/** The names of existing groups or roles, sorted (for the extension's `… while used in groups: A, B`). */
export async function namesOf(call: ApiCall, loader: "groupById" | "roleById", ids: string[]): Promise<string[]> {
  return (await loadExisting(call.ctx.loaders[loader], ids)).map((item) => item.name).sort();
}

import { EntityManager } from "typeorm";
import type { AuditSubject, BaseRequestContext } from "../common/context";
import { LIMITS } from "../common/limits";
import { AuditEntry, AuditTarget } from "./audit-entry.entity";

export type { AuditSubject } from "../common/context";

const MAX_TARGETS = 1000;
const MAX_LIST = 20;
const MAX_STRING = 200;

/** Keys whose string values are ids: `id`, `…Id`, `…Ids`, and `_id` (the records of an importData file). */
const ID_KEY = /^(_id|id|.*Id|.*Ids)$/;

/**
 * How deep the walk looks into the arguments: an id Gatehouse stores is at most a few levels
 * down (`data.groups[3].members[0]`), and a request may nest JSON 100,000 levels deep in a key
 * the import ignores (that overflowed the stack: INTERNAL_SERVER_ERROR).
 */
const MAX_DEPTH = 12;

/** Ids named by the arguments (keys of ID_KEY, down to MAX_DEPTH; the first MAX_TARGETS) and by the result. */
export function targetIdsOf(args: unknown, result: unknown): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown, key: string | null, depth = 0) => {
    if (ids.size >= MAX_TARGETS || depth > MAX_DEPTH) return;
    if (typeof value === "string") {
      // Longer strings are no id Gatehouse stores (and do not fit audit_targets.targetId).
      if (key !== null && ID_KEY.test(key) && value.length <= LIMITS.id) ids.add(value);
    } else if (Array.isArray(value)) for (const item of value) visit(item, key, depth + 1);
    else if (value && typeof value === "object" && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
    }
  };
  visit(args, null);
  if (result && typeof result === "object") {
    const list = Array.isArray(result) ? result : [result];
    for (const item of list) {
      const id = (item as { id?: unknown }).id;
      if (typeof id === "string" && ids.size < MAX_TARGETS) ids.add(id);
    }
  }
  return [...ids];
}

/** A JSON-safe copy with long lists and strings shortened, secrets dropped. */
export function compact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth > 4) return "…";
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_LIST).map((item) => compact(item, depth + 1));
    return value.length > MAX_LIST ? [...head, `… ${value.length - MAX_LIST} more`] : head;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (/apikey|hash|jwk|secret|password/i.test(key)) continue;
    out[key] = compact(item, depth + 1);
  }
  return out;
}

/** The part of a mutation's result worth keeping: id and name of what it returned. */
function resultSummary(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result ?? null;
  const summarize = (item: unknown) => {
    if (!item || typeof item !== "object") return item;
    const { id, name } = item as { id?: unknown; name?: unknown };
    return id !== undefined ? { id, ...(name !== undefined ? { name } : {}) } : compact(item);
  };
  return Array.isArray(result) ? compact(result.map(summarize)) : summarize(result);
}

/** Writes the audit entry of a mutation inside its transaction (so a rollback drops it too). */
export async function recordAudit(manager: EntityManager, ctx: BaseRequestContext, subject: AuditSubject, result: unknown): Promise<void> {
  const targetIds = targetIdsOf(subject.args, result);
  const entry = await manager.save(
    manager.create(AuditEntry, {
      actor: ctx.actor.subject,
      actorKind: ctx.actor.kind,
      operation: subject.operation,
      targetIds,
      details: { input: compact(subject.args), result: resultSummary(result) },
      requestId: ctx.requestId,
    }),
  );
  const rows = targetIds.map((targetId) => ({ entryId: entry.id, targetId }));
  await insertTargets(manager, rows);
}

/** The target index rows of entries (the audit log's filter by target), 500 per statement. */
async function insertTargets(manager: EntityManager, rows: Array<{ entryId: number; targetId: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditTarget)
      .values(rows.slice(i, i + 500))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}

/** The write hook that audits every mutation (and audited CLI command) in its own transaction. */
export async function auditBeforeCommit(manager: EntityManager, ctx: BaseRequestContext, result: unknown): Promise<void> {
  if (ctx.audit) await recordAudit(manager, ctx, ctx.audit, result);
}

/** An entry written by Gatehouse itself (the grant sweep, docs/design.md §13.3): actor and actorKind `system`. */
export interface SystemAuditEntry {
  operation: string;
  targetIds: string[];
  details: Record<string, unknown>;
}

/** Writes entries of the actor `system` in the caller's transaction, with their target index rows. */
export async function recordSystemAudit(manager: EntityManager, entries: SystemAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const saved = await manager.save(
    entries.map((entry) => manager.create(AuditEntry, { actor: "system", actorKind: "system", ...entry, requestId: null })),
    { chunk: 200 },
  );
  const rows = saved.flatMap((entry) => [...new Set(entry.targetIds)].map((targetId) => ({ entryId: entry.id, targetId })));
  await insertTargets(manager, rows);
}

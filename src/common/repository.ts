import { EntityManager, EntityTarget, In, ObjectLiteral } from "typeorm";
import type { GrantWindow } from "./grant-window";
import { NotFoundError } from "./errors";
import { unique } from "./names";

/** The entity with primary key `id`, or NOT_FOUND naming the entity kind and the id. */
export async function getOrThrow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, label: string, id: string): Promise<T> {
  const found = await manager.getRepository(target).findOneBy({ id } as never);
  if (!found) throw new NotFoundError(label, [id]);
  return found;
}

/** All entities with these ids (de-duplicated, in the given order), or NOT_FOUND listing every missing id. */
export async function getAllOrThrow<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  label: string,
  ids: readonly string[],
): Promise<T[]> {
  const wanted = unique(ids);
  if (wanted.length === 0) return [];
  const rows = await manager.getRepository(target).findBy({ id: In(wanted) } as never);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = wanted.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new NotFoundError(label, missing);
  return wanted.map((id) => byId.get(id) as T);
}

/** Inserts link rows, ignoring those already present ("adding what is already there is a no-op"). */
export async function insertLinks<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  if (rows.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows as never)
    .orIgnore()
    .updateEntity(false)
    .execute();
}

/**
 * Inserts time-bound grants (docs/design.md §13) with their window, or — for those already
 * present — sets the window to the given one (an unbounded window clears it). `keys` are the
 * link's primary-key columns. The row stays where it is, so row-level counts (the member-count
 * triggers) see an update, not an insert.
 */
export async function upsertGrants<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Array<Partial<T>>,
  window: GrantWindow,
  keys: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows.map((row) => ({ ...row, validFrom: window.validFrom, expiresAt: window.expiresAt })) as never)
    .orUpdate(["validFrom", "expiresAt"], [...keys])
    .updateEntity(false)
    .execute();
}

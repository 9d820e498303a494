import DataLoader from "dataloader";
import { EntityManager, EntityTarget, In, ObjectLiteral } from "typeorm";
import { appendTo } from "./maps";

/** Large enough to batch a level of a big DAG, small enough for any driver's parameter limit. */
export const MAX_BATCH = 5000;

/** Loads entities by primary key `id`: one `IN (…)` query per batch, `null` for misses. */
export function entityLoader<T extends ObjectLiteral & { id: string }>(manager: EntityManager, target: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const rows = await manager.getRepository(target).findBy({ id: In([...ids]) } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Loads the `valueColumn`s linked to each key through a link table, e.g. child ids by parent id.
 * One query per batch; `[]` for keys without links; values in a stable (sorted) order.
 */
export function linkLoader<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  keyColumn: keyof T & string,
  valueColumn: keyof T & string,
): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(
    async (keys) => {
      const rows: Array<Record<string, string>> = await manager
        .getRepository(target)
        .createQueryBuilder("link")
        .select(`link.${keyColumn}`, "k")
        .addSelect(`link.${valueColumn}`, "v")
        .where(`link.${keyColumn} IN (:...keys)`, { keys })
        .orderBy(`link.${valueColumn}`, "ASC")
        .getRawMany();
      return groupValues(
        keys,
        rows,
        (row) => row.k,
        (row) => row.v,
      );
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Loads rows of `target` grouped by a foreign-key column, e.g. mappings by group id. */
export function childrenLoader<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, keyColumn: keyof T & string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const rows = await manager.getRepository(target).findBy({ [keyColumn]: In([...keys]) } as never);
      return groupValues(
        keys,
        rows,
        (row) => String(row[keyColumn]),
        (row) => row,
      );
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Groups `rows` by key in the order of `keys` (DataLoader's contract). */
export function groupValues<R, V>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string, valueOf: (row: R) => V): V[][] {
  const grouped = new Map<string, V[]>();
  for (const row of rows) appendTo(grouped, keyOf(row), valueOf(row));
  return keys.map((key) => grouped.get(key) ?? []);
}

/** Loads many and drops misses (ids deleted meanwhile). */
export async function loadExisting<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const results = await loader.loadMany(ids);
  return results.filter((r): r is T => r !== null && !(r instanceof Error));
}

/** The lists `loader` holds for `keys`, by key; a failed batch fails the whole read. */
export async function loadLinks<V>(loader: DataLoader<string, V[]>, keys: Iterable<string>): Promise<Map<string, V[]>> {
  const ids = [...new Set(keys)];
  const lists = await loader.loadMany(ids);
  const links = new Map<string, V[]>();
  lists.forEach((list, i) => {
    if (list instanceof Error) throw list;
    links.set(ids[i], list);
  });
  return links;
}

/**
 * Reads the links of every id reachable from `start` through `next` (a batched loader; `idOf`
 * names where a link leads, when a link is more than the id), level by level so that a walk costs one query per level. Every id
 * reached is a key (start included, `[]` for none); what the links mean is for the caller to
 * say (see authorization/effective.ts).
 */
export function linksFrom(start: Iterable<string>, next: DataLoader<string, string[]>): Promise<Map<string, string[]>>;
export function linksFrom<V>(start: Iterable<string>, next: DataLoader<string, V[]>, idOf: (link: V) => string): Promise<Map<string, V[]>>;
export async function linksFrom<V>(start: Iterable<string>, next: DataLoader<string, V[]>, idOf: (link: V) => string = (link) => link as string): Promise<Map<string, V[]>> {
  const links = new Map<string, V[]>();
  let frontier = [...new Set(start)];
  while (frontier.length > 0) {
    const level = await loadLinks(next, frontier);
    const fresh = new Set<string>();
    for (const [id, list] of level) {
      links.set(id, list);
      for (const link of list) {
        const to = idOf(link);
        if (!links.has(to) && !level.has(to)) fresh.add(to);
      }
    }
    frontier = [...fresh];
  }
  return links;
}

import { SelectQueryBuilder } from "typeorm";
import { decodeCursor, likePattern, Page, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { Database } from "../db/database";
import { User } from "./user.entity";

/** A page of users with whether its totalCount is exact (docs/design.md §10, "User search"). */
export interface UserPage extends Page<User> {
  totalCountExact: boolean;
}

/**
 * A search counts its matches up to this many (then totalCount is this and totalCountExact false):
 * counting every match of a term found in nearly every user ("example.com") costs a walk of a
 * million index entries (~0.45 s on `large`); counting up to 10,000 stays within a few ms.
 */
export const SEARCH_COUNT_LIMIT = 10_000;

/** The fewest characters (code points, after lower-casing) the trigram index can find; shorter searches scan. */
export const TRIGRAM_MIN_LENGTH = 3;

/**
 * `users(search:)`: the users whose id, email or name contains `search`, case-insensitively, in
 * id order with the same cursor as the unfiltered list. The meaning is the LIKE below, on both
 * databases; the indexes only make it fast (docs/design.md §10):
 * - SQLite: the FTS5 trigram table "users_search" (migrations/sqlite/…-UserSearchIndex) holds
 *   exactly LOWER() of the three columns, case-sensitively, so a phrase match of the lower-cased
 *   term is the same set as the LIKE: no re-check is needed, and its count is the exact count.
 * - PostgreSQL: pg_trgm GIN indexes on the same LOWER() expressions serve the LIKE itself: one
 *   bitmap scan collects up to 10,001 matching ids, the page is read by key among them.
 * - Fewer than 3 characters: no trigram exists, the LIKE scans users in id order (cheap when the
 *   term is common, a full scan of the table when it is rare).
 */
export async function searchUsers(db: Database, args: SearchPageArgs & { search: string }): Promise<UserPage> {
  const size = pageSize(args.first);
  const term = args.search.toLowerCase();
  const query = db.manager.getRepository(User).createQueryBuilder("u");
  const afterId = args.after ? decodeCursor(args.after, 2)[1] : undefined;
  const page = (filtered: SelectQueryBuilder<User>) => {
    if (afterId !== undefined) filtered.andWhere("u.id > :afterId", { afterId });
    return filtered
      .orderBy("u.id", "ASC")
      .limit(size + 1)
      .getMany();
  };

  // A NUL cannot be in an FTS5 query string (nor in any stored value): such a search keeps the LIKE's answer, whatever SQLite makes of it.
  if (db.kind === "sqlite" && [...term].length >= TRIGRAM_MIN_LENGTH && !term.includes("\0")) {
    const match = `"${term.replaceAll('"', '""')}"`;
    const [{ n }]: Array<{ n: number }> = await db.manager.query(
      `SELECT COUNT(*) AS "n" FROM (SELECT "rowid" FROM "users_search" WHERE "users_search" MATCH ? LIMIT ${SEARCH_COUNT_LIMIT + 1})`,
      [match],
    );
    // Few matches: read them through the index and sort them. Many (at least 1 % of a million
    // users): walking users in id order finds a page's worth within a few thousand rows.
    const rows =
      n <= SEARCH_COUNT_LIMIT
        ? await page(
            query.where(`u.id IN (SELECT k."userId" FROM "users_search" s JOIN "users_search_keys" k ON k."rowid" = s."rowid" WHERE "users_search" MATCH :match)`, {
              match,
            }),
          )
        : await page(likeFilter(query, args.search));
    return withCount(rows, size, Number(n));
  }

  if (db.kind === "postgres" && [...term].length >= TRIGRAM_MIN_LENGTH) {
    // One trigram-index scan finds up to SEARCH_COUNT_LIMIT + 1 matches (their count); the page is
    // then read by key among them. Over the bound, the matches are dense: walk users in id order.
    const [sql, parameters] = likeFilter(query.clone(), args.search)
      .select("u.id", "id")
      .limit(SEARCH_COUNT_LIMIT + 1)
      .getQueryAndParameters();
    const ids = ((await db.manager.query(sql, parameters)) as Array<{ id: string }>).map((row) => row.id);
    if (ids.length === 0) return withCount([], size, 0);
    const rows = ids.length <= SEARCH_COUNT_LIMIT ? await page(query.where("u.id IN (:...ids)", { ids })) : await page(likeFilter(query, args.search));
    return withCount(rows, size, ids.length);
  }

  const filtered = likeFilter(query, args.search);
  const rows = await page(filtered.clone());
  // Under 3 characters (no trigram index), a first page that holds every match is its own count:
  // a term found nowhere costs one scan of the table, not two.
  if ([...term].length < TRIGRAM_MIN_LENGTH && afterId === undefined && rows.length <= size) return withCount(rows, size, rows.length);
  const countSql = filtered
    .clone()
    .select("1")
    .limit(SEARCH_COUNT_LIMIT + 1);
  const [sql, parameters] = countSql.getQueryAndParameters();
  const [{ n }]: Array<{ n: number | string }> = await db.manager.query(`SELECT COUNT(*) AS "n" FROM (${sql}) AS "matches"`, parameters);
  return withCount(rows, size, Number(n));
}

/** Today's meaning of a user search: LOWER() of id, email or name contains the lower-cased term (LIKE wildcards escaped). */
function likeFilter(query: SelectQueryBuilder<User>, search: string): SelectQueryBuilder<User> {
  const esc = "ESCAPE '\\'";
  return query.where(`(LOWER(u.id) LIKE :pattern ${esc} OR LOWER(COALESCE(u.email, '')) LIKE :pattern ${esc} OR LOWER(COALESCE(u.name, '')) LIKE :pattern ${esc})`, {
    pattern: likePattern(search),
  });
}

function withCount(rows: User[], size: number, counted: number): UserPage {
  const exact = counted <= SEARCH_COUNT_LIMIT;
  return { ...toPage(rows, size, exact ? counted : SEARCH_COUNT_LIMIT, (user) => [user.id, user.id]), totalCountExact: exact };
}

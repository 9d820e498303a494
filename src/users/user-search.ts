import { SelectQueryBuilder } from "typeorm";
import { decodeCursor, likePattern, Page, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { SqlParams } from "../common/sql";
import { Database } from "../db/database";
import { TABLES } from "../db/tables";
import { searchGramToken } from "../db/search-grams";
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

/** The fewest characters (code points, after lower-casing) the trigram index can find; shorter searches use the short-search index. */
export const TRIGRAM_MIN_LENGTH = 3;

/**
 * `users(search:)`: the users whose id, email or name contains `search`, case-insensitively, in
 * id order with the same cursor as the unfiltered list. The meaning is the LIKE below, on both
 * databases; the indexes only make it fast (docs/design.md §10):
 * - SQLite: the FTS5 trigram table "users_search" (migrations/sqlite/…-UserSearchIndex) holds
 *   exactly LOWER() of the three columns, case-sensitively, so a phrase match of the lower-cased
 *   term is the same set as the LIKE: no re-check is needed, and its count is the exact count.
 *   Terms of 1–2 characters look up one token of "users_search_grams" (…-UserShortSearchIndex,
 *   db/search-grams.ts), again exactly the LIKE's set.
 * - PostgreSQL: pg_trgm GIN indexes on the same LOWER() expressions serve the LIKE itself; terms of
 *   1–2 characters use the GIN index of each user's characters and pairs. One bitmap scan collects
 *   up to 10,001 matching ids, the page is read by key among them.
 * - A term holding NUL or the short index's markers scans users in id order with the LIKE.
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
  const long = [...term].length >= TRIGRAM_MIN_LENGTH;
  const token = long ? null : searchGramToken(term);

  // A NUL cannot be in an FTS5 query string (nor in any stored value): such a search keeps the LIKE's answer, whatever SQLite makes of it.
  if (db.kind === "sqlite" && ((long && !term.includes("\0")) || token !== null)) {
    const table = long ? `"users_search"` : `"users_search_grams"`;
    const match = `"${(long ? term : (token as string)).replaceAll('"', '""')}"`;
    const [{ n }]: Array<{ n: number }> = await db.manager.query(
      `SELECT COUNT(*) AS "n" FROM (SELECT "rowid" FROM ${table} WHERE ${table} MATCH ? LIMIT ${SEARCH_COUNT_LIMIT + 1})`,
      [match],
    );
    // Few matches: read them through the index and sort them. Many (at least 1 % of a million
    // users): walking users in id order finds a page's worth within a few thousand rows.
    const rows =
      n <= SEARCH_COUNT_LIMIT
        ? await page(query.where(`u.id IN (SELECT k."userId" FROM ${table} s JOIN "users_search_keys" k ON k."rowid" = s."rowid" WHERE ${table} MATCH :match)`, { match }))
        : await page(likeFilter(query, args.search));
    return withCount(rows, size, Number(n));
  }

  if (db.kind === "postgres" && (long || token !== null)) {
    // One index scan finds up to SEARCH_COUNT_LIMIT + 1 matches (their count); the page is then
    // read by key among them. Over the bound, the matches are dense: walk users in id order.
    const indexed = long ? likeFilter(query.clone(), args.search) : query.clone().where(`${POSTGRES_GRAMS} @> ARRAY[:term]::text[]`, { term });
    const [sql, parameters] = indexed
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
  const countSql = filtered
    .clone()
    .select("1")
    .limit(SEARCH_COUNT_LIMIT + 1);
  const [sql, parameters] = countSql.getQueryAndParameters();
  const [{ n }]: Array<{ n: number | string }> = await db.manager.query(`SELECT COUNT(*) AS "n" FROM (${sql}) AS "matches"`, parameters);
  return withCount(rows, size, Number(n));
}

/** Exactly the expression of the PostgreSQL index "IDX_users_search_grams" (migrations/postgres/…-UserShortSearchIndex). */
const POSTGRES_GRAMS = `(gatehouse_search_grams(LOWER(u."id")) || gatehouse_search_grams(LOWER(COALESCE(u."email", ''))) || gatehouse_search_grams(LOWER(COALESCE(u."name", ''))))`;

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

const USERS = TABLES.users;

/**
 * The condition "user `u` matches `search`" of a member search (group and organization member
 * pages): by e-mail and name too only with `searchProfiles` (read:users) — without it matching
 * e-mails the caller cannot read would tell members apart ("which member's e-mail contains
 * alice@?"; docs/design.md §5). Parameters are added in text order (SQLite's are positional).
 */
export function memberSearchSql(p: SqlParams, search: string, searchProfiles: boolean | undefined): string {
  const pattern = likePattern(search);
  return searchProfiles
    ? `(LOWER(u.${USERS.c.id}) LIKE ${p.add(pattern)} ESCAPE '\\' OR LOWER(COALESCE(u.${USERS.c.email}, '')) LIKE ${p.add(pattern)} ESCAPE '\\' ` +
        `OR LOWER(COALESCE(u.${USERS.c.name}, '')) LIKE ${p.add(pattern)} ESCAPE '\\')`
    : `LOWER(u.${USERS.c.id}) LIKE ${p.add(pattern)} ESCAPE '\\'`;
}

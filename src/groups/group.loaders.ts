import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { Database } from "../db/database";
import { childrenLoader, entityLoader, groupValues, linkLoader, MAX_BATCH } from "../common/loader-utils";
import { likePattern } from "../common/pagination";
import { SqlParams } from "../common/sql";
import { MEMBER_COUNTS, MEMBERSHIPS_BY_USER_INDEX, quoteIdentifier, TABLES } from "../db/tables";
import { GroupMapping, GroupMember, GroupNesting, GroupRole } from "./group-links.entity";
import { Group } from "./group.entity";

const { groupMembers: MEMBERS, users: USERS } = TABLES;

/** A membership row of a page: the user and the group it is a direct member of. */
export interface MembershipRow {
  groupId: string;
  userId: string;
}

/** Options of one page of memberships; every group in a batch shares them. */
export interface MembershipPageOptions {
  search?: string;
  /** Whether `search` also matches e-mails and names (the caller may read them: read:users); otherwise ids only. */
  searchProfiles?: boolean;
  afterUserId?: string;
  afterGroupId?: string;
  limit: number;
}

/** The first `limit` memberships of a group (sorted by user id, then group id) and its total. */
export interface MembershipSlice {
  rows: MembershipRow[];
  total: number;
}

/**
 * Per group: the first `limit` direct memberships after the cursor, and how many match.
 * One windowed query plus one count for the whole batch, whatever the number of groups.
 */
function membershipSliceLoader(db: Database, manager: EntityManager, options: MembershipPageOptions) {
  return new DataLoader<string, MembershipSlice>(
    async (groupIds) => {
      // Placeholders are positional on SQLite: each statement gets its own parameters, added in text order.
      const filter = (p: SqlParams) => {
        const conditions = [`gm.${MEMBERS.c.groupId} IN (${p.list(groupIds)})`];
        if (options.search) {
          const pattern = likePattern(options.search);
          // Without read:users the search is by id alone: matching e-mails the caller cannot read
          // would tell them apart ("which member's e-mail contains alice@?"; docs/design.md §5).
          conditions.push(
            options.searchProfiles
              ? `(LOWER(u.${USERS.c.id}) LIKE ${p.add(pattern)} ESCAPE '\\' OR LOWER(COALESCE(u.${USERS.c.email}, '')) LIKE ${p.add(pattern)} ESCAPE '\\' ` +
                  `OR LOWER(COALESCE(u.${USERS.c.name}, '')) LIKE ${p.add(pattern)} ESCAPE '\\')`
              : `LOWER(u.${USERS.c.id}) LIKE ${p.add(pattern)} ESCAPE '\\'`,
          );
        }
        return conditions;
      };
      const join = options.search ? `JOIN ${USERS.table} u ON u.${USERS.c.id} = gm.${MEMBERS.c.userId}` : "";
      const c = new SqlParams(db.kind);
      const countSql =
        `SELECT gm.${MEMBERS.c.groupId} AS "groupId", COUNT(*) AS "n" FROM ${MEMBERS.table} gm ${join} ` + `WHERE ${filter(c).join(" AND ")} GROUP BY gm.${MEMBERS.c.groupId}`;
      const counts: Array<{ groupId: string; n: string | number }> = await manager.query(countSql, c.values);

      // Byte order, whatever the database collation: calculatedMembers merges these slices with a
      // code-unit comparison in JS, and a linguistic collation (e.g. "alice" < "Bob") would make
      // its cursor skip memberships. SQLite's default BINARY collation already is byte order.
      const binary = db.kind === "postgres" ? ` COLLATE "C"` : "";
      const p = new SqlParams(db.kind);
      const pageFilters = filter(p);
      if (options.afterUserId !== undefined) {
        if (options.afterGroupId !== undefined) {
          pageFilters.push(
            `(gm.${MEMBERS.c.userId}${binary} > ${p.add(options.afterUserId)} OR ` +
              `(gm.${MEMBERS.c.userId} = ${p.add(options.afterUserId)} AND gm.${MEMBERS.c.groupId}${binary} > ${p.add(options.afterGroupId)}))`,
          );
        } else {
          pageFilters.push(`gm.${MEMBERS.c.userId}${binary} > ${p.add(options.afterUserId)}`);
        }
      }
      const pageSql =
        `SELECT "groupId", "userId" FROM (` +
        `SELECT gm.${MEMBERS.c.groupId} AS "groupId", gm.${MEMBERS.c.userId} AS "userId", ` +
        `ROW_NUMBER() OVER (PARTITION BY gm.${MEMBERS.c.groupId} ORDER BY gm.${MEMBERS.c.userId}${binary}) AS "rn" ` +
        `FROM ${MEMBERS.table} gm ${join} WHERE ${pageFilters.join(" AND ")}` +
        `) ranked WHERE "rn" <= ${p.add(options.limit)} ORDER BY "groupId", "userId"${binary}`;
      const rows: MembershipRow[] = await manager.query(pageSql, p.values);
      const totals = new Map(counts.map((c) => [c.groupId, Number(c.n)]));
      const grouped = groupValues(
        groupIds,
        rows,
        (row) => row.groupId,
        (row) => row,
      );
      return groupIds.map((id, i) => ({ rows: grouped[i], total: totals.get(id) ?? 0 }));
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Calculated members with more pairs than this are paged by walking memberships in (user, group)
 * order and keeping those of the group's subtree; fewer are read by group and sorted
 * (docs/design.md §10, "Calculated members"). Walking finds a page within limit × (all
 * memberships ÷ pairs) index entries: ~7,500 on `large` at this threshold.
 */
export const CALCULATED_WALK_FROM = 20_000;

/** What a calculated-members page needs of one group: its subtree (the group and its descendants) and their memberships in all. */
export interface CalculatedPageKey {
  groupId: string;
  subtree: readonly string[];
  /** The sum of the subtree's direct member counts: it picks the plan. */
  pairs: number;
}

/** UTF-8 byte order: SQLite's BINARY collation and PostgreSQL's "C" on a UTF8 database. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Per group: one keyset page of the memberships of its subtree in (user id, group id) byte
 * order, after the cursor pair — one statement per batch of groups (a UNION ALL of one
 * ordered, limited read per group), so a list of groups asking for calculated members costs
 * the same statements as one group.
 */
function calculatedPageLoader(db: Database, manager: EntityManager, options: MembershipPageOptions) {
  return new DataLoader<CalculatedPageKey, MembershipRow[], string>(
    async (keys) => {
      const p = new SqlParams(db.kind);
      const postgres = db.kind === "postgres";
      // Byte order on both (SQLite's BINARY; PostgreSQL's "C", as exactly the expressions of the
      // binary (userId, groupId) index of migrations/postgres/…-MembershipsByUserBinaryIndex, so it serves the walk).
      const binary = (column: string) => (postgres ? `(gm.${column})::text COLLATE "C"` : `gm.${column}`);
      const userId = binary(MEMBERS.c.userId);
      const groupId = binary(MEMBERS.c.groupId);
      const arms: string[] = [];
      keys.forEach((key, i) => {
        if (key.subtree.length === 0 || key.pairs === 0) return;
        const index = p.add(i);
        const inGroups = postgres
          ? `gm.${MEMBERS.c.groupId} = ANY(${p.add(key.subtree)})`
          : `gm.${MEMBERS.c.groupId} IN (SELECT "value" FROM json_each(${p.add(JSON.stringify(key.subtree))}))`;
        const conditions = [inGroups];
        if (options.afterUserId !== undefined) conditions.push(`(${userId}, ${groupId}) > (${p.add(options.afterUserId)}, ${p.add(options.afterGroupId ?? "")})`);
        const walk = key.pairs > CALCULATED_WALK_FROM && !postgres ? ` INDEXED BY ${quoteIdentifier(MEMBERSHIPS_BY_USER_INDEX)}` : "";
        arms.push(
          `SELECT * FROM (SELECT CAST(${index} AS INTEGER) AS "k", gm.${MEMBERS.c.groupId} AS "groupId", gm.${MEMBERS.c.userId} AS "userId" FROM ${MEMBERS.table} gm${walk} ` +
            `WHERE ${conditions.join(" AND ")} ORDER BY ${userId}, ${groupId} LIMIT ${p.add(options.limit)}) AS "page${i}"`,
        );
      });
      const pages: MembershipRow[][] = keys.map(() => []);
      if (arms.length === 0) return pages;
      const rows: Array<MembershipRow & { k: number | string }> = await manager.query(arms.join(" UNION ALL "), p.values);
      for (const row of rows) pages[Number(row.k)].push({ groupId: row.groupId, userId: row.userId });
      // A UNION ALL promises no order across or within its arms: sort each page as its arm did.
      for (const page of pages) page.sort((a, b) => byteOrder(a.userId, b.userId) || byteOrder(a.groupId, b.groupId));
      return pages;
    },
    // SQLite allows 500 terms in a compound SELECT; a page of groups is at most 100.
    { maxBatchSize: 100, cacheKeyFn: (key) => key.groupId },
  );
}

/** Direct member counts by group id, read by key from the counts the triggers keep (0 for a group never counted). */
function memberCountLoader(db: Database, manager: EntityManager) {
  return new DataLoader<string, number>(
    async (groupIds) => {
      const p = new SqlParams(db.kind);
      const rows: Array<{ groupId: string; n: number | string }> = await manager.query(
        `SELECT ${MEMBER_COUNTS.c.groupId} AS "groupId", ${MEMBER_COUNTS.c.members} AS "n" FROM ${MEMBER_COUNTS.table} WHERE ${MEMBER_COUNTS.c.groupId} IN (${p.list(groupIds)})`,
        p.values,
      );
      const counts = new Map(rows.map((row) => [row.groupId, Number(row.n)]));
      return groupIds.map((id) => counts.get(id) ?? 0);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Batched readers of groups and their links; built per request. */
export function createGroupLoaders(db: Database) {
  const manager = db.manager;
  const sliceLoaders = new Map<string, DataLoader<string, MembershipSlice>>();
  const pageLoaders = new Map<string, DataLoader<CalculatedPageKey, MembershipRow[], string>>();
  return {
    groupById: entityLoader(manager, Group),
    /** Child group ids by parent id (the parent's `nestedGroups`). */
    childIds: linkLoader(manager, GroupNesting, "parentId", "childId"),
    /** Parent group ids by child id. */
    parentIds: linkLoader(manager, GroupNesting, "childId", "parentId"),
    roleIdsByGroup: linkLoader(manager, GroupRole, "groupId", "roleId"),
    groupIdsByRole: linkLoader(manager, GroupRole, "roleId", "groupId"),
    groupIdsByUser: linkLoader(manager, GroupMember, "userId", "groupId"),
    mappingsByGroup: childrenLoader(manager, GroupMapping, "groupId"),
    memberCount: memberCountLoader(db, manager),
    /** The loader for one combination of page options (shared by all groups asking the same). */
    membershipSlices(options: MembershipPageOptions): DataLoader<string, MembershipSlice> {
      const key = JSON.stringify(options);
      let loader = sliceLoaders.get(key);
      if (!loader) sliceLoaders.set(key, (loader = membershipSliceLoader(db, manager, options)));
      return loader;
    },
    /** The loader of calculated-member pages for one combination of page options. */
    calculatedPages(options: MembershipPageOptions): DataLoader<CalculatedPageKey, MembershipRow[], string> {
      const key = JSON.stringify(options);
      let loader = pageLoaders.get(key);
      if (!loader) pageLoaders.set(key, (loader = calculatedPageLoader(db, manager, options)));
      return loader;
    },
    clearSlices(): void {
      sliceLoaders.clear();
      pageLoaders.clear();
    },
  };
}

export type GroupLoaders = ReturnType<typeof createGroupLoaders>;

import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { Database } from "../db/database";
import { inactiveSql } from "../common/grant-window";
import { atNow, epochOf, grantLoader } from "../common/grants";
import { childrenLoader, entityLoader, groupValues, linkLoader, MAX_BATCH } from "../common/loader-utils";
import { SqlParams } from "../common/sql";
import { GROUP_MEMBERS_WINDOWED_INDEX, MEMBER_COUNTS, MEMBERSHIPS_BY_USER_INDEX, quoteIdentifier, TABLES } from "../db/tables";
import { GroupMapping, GroupMember, GroupNesting, GroupRole } from "./group-links.entity";
import { Group } from "./group.entity";
import { memberSearchSql } from "../users/user-search";

const { groupMembers: MEMBERS, groupNestings: NESTINGS, users: USERS } = TABLES;

/** A membership row of a page: the user, the group it is a direct member of, and the membership's window (docs/design.md §13) when the page reads it. */
export interface MembershipRow {
  groupId: string;
  userId: string;
  validFrom: number | null;
  expiresAt: number | null;
}

/** Options of one page of memberships; every group in a batch shares them. */
export interface MembershipPageOptions {
  search?: string;
  /** Whether `search` also matches e-mails and names (the caller may read them: read:users); otherwise ids only. */
  searchProfiles?: boolean;
  afterUserId?: string;
  afterGroupId?: string;
  limit: number;
  /** The request's instant: only the memberships active then (docs/design.md §13); absent: every membership. */
  now?: number;
  /** Whether the rows carry their windows (a read of the page's rows; otherwise the page is index-only and the windows null). */
  windows?: boolean;
}

/**
 * "The membership in `gm` is active at `now`", as a probe of the windowed memberships' partial
 * index (few rows) rather than a read of every membership's window: an index-only page or walk
 * stays index-only, and only windowed rows are read from the table.
 */
function activeMembershipSql(db: Database, p: SqlParams, now: number): string {
  // SQLite would probe the primary key (every membership, then its row for the window): name the partial index.
  const windowed = db.kind === "sqlite" ? ` INDEXED BY ${quoteIdentifier(GROUP_MEMBERS_WINDOWED_INDEX)}` : "";
  return (
    `NOT EXISTS (SELECT 1 FROM ${MEMBERS.table} w${windowed} WHERE w.${MEMBERS.c.groupId} = gm.${MEMBERS.c.groupId} AND w.${MEMBERS.c.userId} = gm.${MEMBERS.c.userId} ` +
    `AND ${atNow((t) => inactiveSql("w", t), p, now)})`
  );
}

/** The raw row of a membership page, windows as the driver answers bigint columns. */
interface RawMembershipRow {
  groupId: string;
  userId: string;
  validFrom: string | number | null;
  expiresAt: string | number | null;
}

function membershipRow(row: RawMembershipRow): MembershipRow {
  return { groupId: row.groupId, userId: row.userId, validFrom: epochOf(row.validFrom), expiresAt: epochOf(row.expiresAt) };
}

/** The first `limit` memberships of a group (sorted by user id, then group id) and its total. */
export interface MembershipSlice {
  rows: MembershipRow[];
  total: number;
}

/**
 * Per group: the first `limit` direct memberships after the cursor (the active ones at
 * `options.now`, or every one), and how many match. One page statement (one limited read per
 * group) plus one count for a batch of up to 100 groups.
 */
function membershipSliceLoader(db: Database, manager: EntityManager, options: MembershipPageOptions) {
  return new DataLoader<string, MembershipSlice>(
    async (groupIds) => {
      // Placeholders are positional on SQLite: each statement gets its own parameters, added in text order.
      const searchFilter = (p: SqlParams): string[] => (options.search ? [memberSearchSql(p, options.search, options.searchProfiles)] : []);
      const filter = (p: SqlParams) => [`gm.${MEMBERS.c.groupId} IN (${p.list(groupIds)})`, ...searchFilter(p)];
      const join = options.search ? `JOIN ${USERS.table} u ON u.${USERS.c.id} = gm.${MEMBERS.c.userId}` : "";
      const c = new SqlParams(db.kind);
      let countSql =
        `SELECT gm.${MEMBERS.c.groupId} AS "groupId", COUNT(*) AS "n" FROM ${MEMBERS.table} gm ${join} ` + `WHERE ${filter(c).join(" AND ")} GROUP BY gm.${MEMBERS.c.groupId}`;
      if (options.now !== undefined) {
        // Active ones: all matches minus the inactive windowed ones, which the partial index
        // IDX_group_members_windowed serves (a count of all stays index-only).
        const inactive = [...filter(c), atNow((t) => inactiveSql("gm", t), c, options.now)];
        countSql =
          `SELECT "groupId", SUM("n") AS "n" FROM (${countSql} UNION ALL ` +
          `SELECT gm.${MEMBERS.c.groupId} AS "groupId", -COUNT(*) AS "n" FROM ${MEMBERS.table} gm ${join} WHERE ${inactive.join(" AND ")} GROUP BY gm.${MEMBERS.c.groupId}` +
          `) counted GROUP BY "groupId"`;
      }
      const counts: Array<{ groupId: string; n: string | number }> = await manager.query(countSql, c.values);

      // Byte order, whatever the database collation: calculatedMembers merges these slices with a
      // code-unit comparison in JS, and a linguistic collation (e.g. "alice" < "Bob") would make
      // its cursor skip memberships. SQLite's default BINARY collation already is byte order.
      const binary = db.kind === "postgres" ? ` COLLATE "C"` : "";
      // One ordered, limited read per group (a UNION ALL): a page costs its own rows (and the
      // inactive ones it skips), not a ranking of the whole group (docs/design.md §13.4).
      const p = new SqlParams(db.kind);
      const windows = options.windows ? `gm.${MEMBERS.c.validFrom} AS "validFrom", gm.${MEMBERS.c.expiresAt} AS "expiresAt"` : `NULL AS "validFrom", NULL AS "expiresAt"`;
      const arms = groupIds.map((groupId, i) => {
        const pageFilters = [`gm.${MEMBERS.c.groupId} = ${p.add(groupId)}`, ...searchFilter(p)];
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
        if (options.now !== undefined) pageFilters.push(activeMembershipSql(db, p, options.now));
        return (
          `SELECT * FROM (SELECT gm.${MEMBERS.c.groupId} AS "groupId", gm.${MEMBERS.c.userId} AS "userId", ${windows} FROM ${MEMBERS.table} gm ${join} ` +
          `WHERE ${pageFilters.join(" AND ")} ORDER BY gm.${MEMBERS.c.userId}${binary} LIMIT ${p.add(options.limit)}) AS "page${i}"`
        );
      });
      const rows = ((await manager.query(arms.join(" UNION ALL "), p.values)) as RawMembershipRow[]).map(membershipRow);
      // A UNION ALL promises no order: sort each group's rows as its arm did.
      rows.sort((a, b) => byteOrder(a.userId, b.userId));
      const totals = new Map(counts.map((c) => [c.groupId, Number(c.n)]));
      const grouped = groupValues(
        groupIds,
        rows,
        (row) => row.groupId,
        (row) => row,
      );
      return groupIds.map((id, i) => ({ rows: grouped[i], total: totals.get(id) ?? 0 }));
    },
    // SQLite allows 500 terms in a compound SELECT; a page of groups is at most 100.
    { maxBatchSize: 100 },
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
        const conditions = [p.oneOf(`gm.${MEMBERS.c.groupId}`, key.subtree)];
        if (options.afterUserId !== undefined) conditions.push(`(${userId}, ${groupId}) > (${p.add(options.afterUserId)}, ${p.add(options.afterGroupId ?? "")})`);
        if (options.now !== undefined) conditions.push(activeMembershipSql(db, p, options.now));
        const walk = key.pairs > CALCULATED_WALK_FROM && !postgres ? ` INDEXED BY ${quoteIdentifier(MEMBERSHIPS_BY_USER_INDEX)}` : "";
        arms.push(
          `SELECT * FROM (SELECT CAST(${index} AS INTEGER) AS "k", gm.${MEMBERS.c.groupId} AS "groupId", gm.${MEMBERS.c.userId} AS "userId" FROM ${MEMBERS.table} gm${walk} ` +
            `WHERE ${conditions.join(" AND ")} ORDER BY ${userId}, ${groupId} LIMIT ${p.add(options.limit)}) AS "page${i}"`,
        );
      });
      const pages: MembershipRow[][] = keys.map(() => []);
      if (arms.length === 0) return pages;
      // Calculated members carry no window: the page stays index-only (windows null).
      const rows: Array<{ k: number | string; groupId: string; userId: string }> = await manager.query(arms.join(" UNION ALL "), p.values);
      for (const row of rows) pages[Number(row.k)].push({ groupId: row.groupId, userId: row.userId, validFrom: null, expiresAt: null });
      // A UNION ALL promises no order across or within its arms: sort each page as its arm did.
      for (const page of pages) page.sort((a, b) => byteOrder(a.userId, b.userId) || byteOrder(a.groupId, b.groupId));
      return pages;
    },
    // SQLite allows 500 terms in a compound SELECT; a page of groups is at most 100.
    { maxBatchSize: 100, cacheKeyFn: (key) => key.groupId },
  );
}

/**
 * Each group's subtree (the group and its descendants, each once) from the nesting links, for
 * when the hot model is not current: one recursive statement per batch of groups, so a reader
 * waits on one statement rather than one per nesting level (docs/design.md §10.1).
 */
function subtreeLoader(db: Database, manager: EntityManager) {
  return new DataLoader<string, string[]>(
    async (groupIds) => {
      const p = new SqlParams(db.kind);
      const roots =
        db.kind === "postgres" ? `SELECT r, r FROM unnest(${p.add(groupIds)}::varchar[]) AS r` : `SELECT "value", "value" FROM json_each(${p.add(JSON.stringify(groupIds))})`;
      // UNION, not UNION ALL: a group reached along several paths is kept once per root, and the walk ends.
      const rows: Array<{ root: string; id: string }> = await manager.query(
        `WITH RECURSIVE sub(root, id) AS (${roots} UNION SELECT sub.root, n.${NESTINGS.c.childId} FROM sub JOIN ${NESTINGS.table} n ON n.${NESTINGS.c.parentId} = sub.id) ` +
          `SELECT root AS "root", id AS "id" FROM sub`,
        p.values,
      );
      return groupValues(
        groupIds,
        rows,
        (row) => row.root,
        (row) => row.id,
      );
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** What a subtree's member total needs: the group and its subtree (the group and its descendants, each once). */
export interface SubtreeKey {
  groupId: string;
  subtree: readonly string[];
}

/**
 * The active direct memberships of each group's subtree at `now`, in all: the counts the triggers
 * keep, read by key and summed, minus the subtree's inactive windowed memberships, which the
 * covering partial index IDX_group_members_windowed answers alone (docs/design.md §10,
 * "Calculated members"). One statement per batch of groups (a UNION ALL of one row per group),
 * not one counter read per descendant.
 */
function subtreeTotalLoader(db: Database, manager: EntityManager, now: number) {
  return new DataLoader<SubtreeKey, number, string>(
    async (keys) => {
      const p = new SqlParams(db.kind);
      const windowed = db.kind === "postgres" ? "" : ` INDEXED BY ${quoteIdentifier(GROUP_MEMBERS_WINDOWED_INDEX)}`;
      const arms = keys.map(
        (key, i) =>
          `SELECT CAST(${p.add(i)} AS INTEGER) AS "k", ` +
          `(SELECT COALESCE(SUM(mc.${MEMBER_COUNTS.c.members}), 0) FROM ${MEMBER_COUNTS.table} mc WHERE ${p.oneOf(`mc.${MEMBER_COUNTS.c.groupId}`, key.subtree)}) - ` +
          `(SELECT COUNT(*) FROM ${MEMBERS.table} gm${windowed} WHERE ${p.oneOf(`gm.${MEMBERS.c.groupId}`, key.subtree)} AND ${atNow((t) => inactiveSql("gm", t), p, now)}) AS "n"`,
      );
      const rows: Array<{ k: number | string; n: number | string }> = await manager.query(arms.join(" UNION ALL "), p.values);
      const totals = keys.map(() => 0);
      for (const row of rows) totals[Number(row.k)] = Number(row.n);
      return totals;
    },
    // SQLite allows 500 terms in a compound SELECT.
    { maxBatchSize: 100, cacheKeyFn: (key) => key.groupId },
  );
}

/**
 * Active direct member counts at `now` by group id: the count the triggers keep (every
 * membership; read by key, 0 for a group never counted) minus the group's inactive windowed
 * memberships, which the partial index IDX_group_members_windowed serves (docs/design.md §13).
 */
function memberCountLoader(db: Database, manager: EntityManager, now: number) {
  return new DataLoader<string, number>(
    async (groupIds) => {
      const p = new SqlParams(db.kind);
      const rows: Array<{ groupId: string; n: number | string }> = await manager.query(
        `SELECT mc.${MEMBER_COUNTS.c.groupId} AS "groupId", mc.${MEMBER_COUNTS.c.members} - ` +
          `(SELECT COUNT(*) FROM ${MEMBERS.table} gm WHERE gm.${MEMBERS.c.groupId} = mc.${MEMBER_COUNTS.c.groupId} AND ${atNow((t) => inactiveSql("gm", t), p, now)}) AS "n" ` +
          `FROM ${MEMBER_COUNTS.table} mc WHERE mc.${MEMBER_COUNTS.c.groupId} IN (${p.list(groupIds)})`,
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
  const countLoaders = new Map<number, DataLoader<string, number>>();
  const totalLoaders = new Map<number, DataLoader<SubtreeKey, number, string>>();
  return {
    groupById: entityLoader(manager, Group),
    /** Child group ids by parent id (the parent's `nestedGroups`). */
    childIds: linkLoader(manager, GroupNesting, "parentId", "childId"),
    /** The group and its descendants by group id, from the links (the hot model's `subtree` answers the same without a statement). */
    subtrees: subtreeLoader(db, manager),
    /** Parent group ids by child id. */
    parentIds: linkLoader(manager, GroupNesting, "childId", "parentId"),
    roleIdsByGroup: linkLoader(manager, GroupRole, "groupId", "roleId"),
    groupIdsByRole: linkLoader(manager, GroupRole, "roleId", "groupId"),
    /** A user's direct memberships with their windows (group ids), active or not: test them with `isActiveAt(…, requestTime(ctx))`. */
    groupGrantsByUser: grantLoader(manager, GroupMember, "userId", "groupId"),
    mappingsByGroup: childrenLoader(manager, GroupMapping, "groupId"),
    /** Active direct member counts at `now` (the request's time). */
    memberCounts(now: number): DataLoader<string, number> {
      let loader = countLoaders.get(now);
      if (!loader) countLoaders.set(now, (loader = memberCountLoader(db, manager, now)));
      return loader;
    },
    /** Active member totals of groups' subtrees at `now` (a calculated-members `totalCount`). */
    subtreeTotals(now: number): DataLoader<SubtreeKey, number, string> {
      let loader = totalLoaders.get(now);
      if (!loader) totalLoaders.set(now, (loader = subtreeTotalLoader(db, manager, now)));
      return loader;
    },
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
      countLoaders.clear();
      totalLoaders.clear();
    },
  };
}

export type GroupLoaders = ReturnType<typeof createGroupLoaders>;

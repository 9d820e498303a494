import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { Database } from "../db/database";
import { childrenLoader, countLoader, entityLoader, groupValues, linkLoader, MAX_BATCH } from "../common/loader-utils";
import { likePattern } from "../common/pagination";
import { SqlParams } from "../common/sql";
import { TABLES } from "../db/tables";
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
          conditions.push(
            `(LOWER(u.${USERS.c.id}) LIKE ${p.add(pattern)} ESCAPE '\\' OR LOWER(COALESCE(u.${USERS.c.email}, '')) LIKE ${p.add(pattern)} ESCAPE '\\' ` +
              `OR LOWER(COALESCE(u.${USERS.c.name}, '')) LIKE ${p.add(pattern)} ESCAPE '\\')`,
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

/** Batched readers of groups and their links; built per request. */
export function createGroupLoaders(db: Database) {
  const manager = db.manager;
  const sliceLoaders = new Map<string, DataLoader<string, MembershipSlice>>();
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
    memberCount: countLoader(manager, GroupMember, "groupId"),
    /** The loader for one combination of page options (shared by all groups asking the same). */
    membershipSlices(options: MembershipPageOptions): DataLoader<string, MembershipSlice> {
      const key = JSON.stringify(options);
      let loader = sliceLoaders.get(key);
      if (!loader) sliceLoaders.set(key, (loader = membershipSliceLoader(db, manager, options)));
      return loader;
    },
    clearSlices(): void {
      sliceLoaders.clear();
    },
  };
}

export type GroupLoaders = ReturnType<typeof createGroupLoaders>;

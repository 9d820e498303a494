import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { inactiveSql } from "../common/grant-window";
import { atNow, epochOf, Grant, grantLoader } from "../common/grants";
import { entityLoader, groupValues } from "../common/loader-utils";
import { SqlParams } from "../common/sql";
import { Database } from "../db/database";
import { ORGANIZATION_MEMBERS_WINDOWED_INDEX, quoteIdentifier, TABLES } from "../db/tables";
import { memberSearchSql } from "../users/user-search";
import { OrganizationMembership } from "./organization-links.entity";
import { Organization } from "./organization.entity";

const { organizationMembers: MEMBERS, organizationMemberRoles: MEMBER_ROLES, users: USERS } = TABLES;

/** Options of one page of an organization's members; every organization in a batch shares them. */
export interface MemberPageOptions {
  search?: string;
  /** Whether `search` also matches e-mails and names (the caller may read them); otherwise ids only. */
  searchProfiles?: boolean;
  afterUserId?: string;
  limit: number;
  /** The request's instant: only the memberships active then (docs/design.md §13); absent: every membership. */
  now?: number;
}

/** The first `limit` members (user ids, with the memberships' windows) of an organization (by user id) and how many match. */
export interface MemberSlice {
  /** `id`: the user id. */
  members: Grant[];
  total: number;
}

/** "The membership in `om` is active at `now`": a probe of the windowed memberships' partial index (few rows). */
function activeMembershipSql(db: Database, p: SqlParams, now: number): string {
  // SQLite would probe the primary key (every membership, then its row for the window): name the partial index.
  const windowed = db.kind === "sqlite" ? ` INDEXED BY ${quoteIdentifier(ORGANIZATION_MEMBERS_WINDOWED_INDEX)}` : "";
  return (
    `NOT EXISTS (SELECT 1 FROM ${MEMBERS.table} w${windowed} WHERE w.${MEMBERS.c.organizationId} = om.${MEMBERS.c.organizationId} AND w.${MEMBERS.c.userId} = om.${MEMBERS.c.userId} ` +
    `AND ${atNow((t) => inactiveSql("w", t), p, now)})`
  );
}

/** The key of a membership for `memberRoleGrants`: organization and user. */
export function membershipKey(organizationId: string, userId: string): string {
  return `${organizationId}\u0000${userId}`;
}

/** Per organization: one page statement (one limited read per organization) plus one count for a batch of up to 100 (as group members). */
function memberSliceLoader(db: Database, manager: EntityManager, options: MemberPageOptions) {
  return new DataLoader<string, MemberSlice>(
    async (organizationIds) => {
      const searchFilter = (p: SqlParams): string[] => (options.search ? [memberSearchSql(p, options.search, options.searchProfiles)] : []);
      const filter = (p: SqlParams) => [`om.${MEMBERS.c.organizationId} IN (${p.list(organizationIds)})`, ...searchFilter(p)];
      const join = options.search ? `JOIN ${USERS.table} u ON u.${USERS.c.id} = om.${MEMBERS.c.userId}` : "";
      const c = new SqlParams(db.kind);
      let countSql = `SELECT om.${MEMBERS.c.organizationId} AS "organizationId", COUNT(*) AS "n" FROM ${MEMBERS.table} om ${join} WHERE ${filter(c).join(" AND ")} GROUP BY om.${MEMBERS.c.organizationId}`;
      if (options.now !== undefined) {
        // All matches minus the inactive windowed ones (served by IDX_organization_members_windowed).
        const inactive = [...filter(c), atNow((t) => inactiveSql("om", t), c, options.now)];
        countSql =
          `SELECT "organizationId", SUM("n") AS "n" FROM (${countSql} UNION ALL ` +
          `SELECT om.${MEMBERS.c.organizationId} AS "organizationId", -COUNT(*) AS "n" FROM ${MEMBERS.table} om ${join} WHERE ${inactive.join(" AND ")} GROUP BY om.${MEMBERS.c.organizationId}` +
          `) counted GROUP BY "organizationId"`;
      }
      const counts: Array<{ organizationId: string; n: string | number }> = await manager.query(countSql, c.values);
      const binary = db.kind === "postgres" ? ` COLLATE "C"` : "";
      // One ordered, limited read per organization (a UNION ALL), as group member pages.
      const p = new SqlParams(db.kind);
      const arms = organizationIds.map((organizationId, i) => {
        const pageFilters = [`om.${MEMBERS.c.organizationId} = ${p.add(organizationId)}`, ...searchFilter(p)];
        if (options.afterUserId !== undefined) pageFilters.push(`om.${MEMBERS.c.userId}${binary} > ${p.add(options.afterUserId)}`);
        if (options.now !== undefined) pageFilters.push(activeMembershipSql(db, p, options.now));
        return (
          `SELECT * FROM (SELECT om.${MEMBERS.c.organizationId} AS "organizationId", om.${MEMBERS.c.userId} AS "userId", ` +
          `om.${MEMBERS.c.validFrom} AS "validFrom", om.${MEMBERS.c.expiresAt} AS "expiresAt" FROM ${MEMBERS.table} om ${join} ` +
          `WHERE ${pageFilters.join(" AND ")} ORDER BY om.${MEMBERS.c.userId}${binary} LIMIT ${p.add(options.limit)}) AS "page${i}"`
        );
      });
      const rows: Array<{ organizationId: string; userId: string; validFrom: string | number | null; expiresAt: string | number | null }> = await manager.query(
        arms.join(" UNION ALL "),
        p.values,
      );
      // A UNION ALL promises no order: sort as each arm did (byte order, as SQLite's BINARY and PostgreSQL's "C").
      rows.sort((a, b) => Buffer.compare(Buffer.from(a.userId), Buffer.from(b.userId)));
      const totals = new Map(counts.map((row) => [row.organizationId, Number(row.n)]));
      const grouped = groupValues(
        organizationIds,
        rows,
        (row) => row.organizationId,
        (row): Grant => ({ id: row.userId, validFrom: epochOf(row.validFrom), expiresAt: epochOf(row.expiresAt) }),
      );
      return organizationIds.map((id, i) => ({ members: grouped[i], total: totals.get(id) ?? 0 }));
    },
    // SQLite allows 500 terms in a compound SELECT; a page of organizations is at most 100.
    { maxBatchSize: 100 },
  );
}

/** Member roles (role ids with their windows, active or not) of memberships keyed by `membershipKey`: one query per batch, `[]` for none. */
function memberRoleGrantsLoader(db: Database, manager: EntityManager) {
  return new DataLoader<string, Grant[]>(
    async (keys) => {
      const pairs = keys.map((key) => key.split("\u0000") as [string, string]);
      const p = new SqlParams(db.kind);
      const rows: Array<{ organizationId: string; userId: string; roleId: string; validFrom: string | number | null; expiresAt: string | number | null }> = await manager.query(
        `SELECT ${MEMBER_ROLES.c.organizationId} AS "organizationId", ${MEMBER_ROLES.c.userId} AS "userId", ${MEMBER_ROLES.c.roleId} AS "roleId", ` +
          `${MEMBER_ROLES.c.validFrom} AS "validFrom", ${MEMBER_ROLES.c.expiresAt} AS "expiresAt" FROM ${MEMBER_ROLES.table} ` +
          `WHERE ${MEMBER_ROLES.c.userId} IN (${p.list([...new Set(pairs.map(([, userId]) => userId))])}) ` +
          `AND ${MEMBER_ROLES.c.organizationId} IN (${p.list([...new Set(pairs.map(([organizationId]) => organizationId))])}) ORDER BY ${MEMBER_ROLES.c.roleId}`,
        p.values,
      );
      return groupValues(
        keys,
        rows,
        (row) => membershipKey(row.organizationId, row.userId),
        (row): Grant => ({ id: row.roleId, validFrom: epochOf(row.validFrom), expiresAt: epochOf(row.expiresAt) }),
      );
    },
    { maxBatchSize: 500 },
  );
}

/** Batched readers of organizations, memberships and member roles; built per request. */
export function createOrganizationLoaders(db: Database) {
  const manager = db.manager;
  const sliceLoaders = new Map<string, DataLoader<string, MemberSlice>>();
  return {
    organizationById: entityLoader(manager, Organization),
    /** Organization ids of a user's memberships (`User.organizations`). */
    /** A user's memberships with their windows (organization ids), active or not (docs/design.md §13). */
    organizationGrantsByUser: grantLoader(manager, OrganizationMembership, "userId", "organizationId"),
    /** Member roles with their windows, by `membershipKey`, active or not. */
    memberRoleGrants: memberRoleGrantsLoader(db, manager),
    /** The loader for one combination of member page options. */
    organizationMemberSlices(options: MemberPageOptions): DataLoader<string, MemberSlice> {
      const key = JSON.stringify(options);
      let loader = sliceLoaders.get(key);
      if (!loader) sliceLoaders.set(key, (loader = memberSliceLoader(db, manager, options)));
      return loader;
    },
    clearOrganizationSlices(): void {
      sliceLoaders.clear();
    },
  };
}

import { EntityManager } from "typeorm";
import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { WINDOWED_WHERE } from "../common/grant-window";
import { groupValues } from "../common/loader-utils";
import { SqlParams } from "../common/sql";
import { ConfigurationService } from "../configuration/configuration.service";
import { DatabaseKind } from "../db/data-source";
import { Database } from "../db/database";
import { selectFrom, TABLES } from "../db/tables";
import { exportedWindow } from "./import.windows";
import {
  CONFIGURATION_RECORD_ID,
  ExportedConfiguration,
  ExportedGroup,
  ExportedMapping,
  ExportedOrganization,
  ExportedOrganizationMember,
  ExportedRole,
  ExportedWindow,
  LINK_TABLES,
  LinkTable,
  NO_PROGRESS,
  SWITCHES,
  TOP_LEVEL_KEYS,
  TransferDocument,
  TransferProgress,
} from "./transfer.format";

export type SectionKey = (typeof TOP_LEVEL_KEYS)[number];

/** Receives an export section by section, a page of items at a time (in memory, or streamed as JSON text). */
export interface ExportSink {
  section(key: SectionKey): void | Promise<void>;
  items(items: readonly object[]): void | Promise<void>;
}

const PAGE = { groups: 1000, roles: 1000, permissions: 5000, applications: 5000, users: 10000, organizations: 1000 } as const;

type PagedKey = Exclude<SectionKey, "configuration">;

/** A window bound as the driver returns a bigint: a number (SQLite), a string (pg), or null. */
type Bound = number | string | null;

const { groups: GROUPS, roles: ROLES, permissions: PERMISSIONS, applications: APPLICATIONS, users: USERS, groupMappings: MAPPINGS } = TABLES;
const { organizations: ORGANIZATIONS, organizationMembers: ORG_MEMBERS, organizationMemberRoles: ORG_ROLES } = TABLES;

/** Each paged section's table, key column and the statement reading the columns its records are made of. */
const SECTIONS: Record<PagedKey, { table: string; id: string; select: string }> = {
  groups: { table: GROUPS.table, id: GROUPS.c.id, select: selectFrom(GROUPS, ["id", "name", "description"]) },
  roles: { table: ROLES.table, id: ROLES.c.id, select: selectFrom(ROLES, ["id", "name", "description", "applicationId"]) },
  permissions: { table: PERMISSIONS.table, id: PERMISSIONS.c.id, select: selectFrom(PERMISSIONS, ["id", "name", "description", "applicationId"]) },
  applications: {
    table: APPLICATIONS.table,
    id: APPLICATIONS.c.id,
    select: selectFrom(APPLICATIONS, ["id", "name", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"]),
  },
  users: { table: USERS.table, id: USERS.c.id, select: selectFrom(USERS, ["id", "email", "name", "connection"]) },
  organizations: { table: ORGANIZATIONS.table, id: ORGANIZATIONS.c.id, select: selectFrom(ORGANIZATIONS, ["id", "name", "displayName", "metadata"]) },
};
const MAPPINGS_SQL = selectFrom(MAPPINGS, ["id", "groupId", "groupName", "connectionName"]);

/** Builds the whole document in memory (the GraphQL `exportData`). */
class ObjectSink implements ExportSink {
  readonly document: Record<string, object[]> = {};
  private current: object[] = [];

  section(key: SectionKey): void {
    this.current = this.document[key] = [];
  }

  items(items: readonly object[]): void {
    for (const item of items) this.current.push(item);
  }
}

/**
 * Exports the model in the Auth0 extension's format plus Gatehouse's `applications` and
 * `users` (docs/transfer.md). Deterministic: records sorted by id, id lists sorted, keys in a
 * fixed order, so that the same model always gives the same bytes. Reads page by page inside
 * one transaction (a consistent snapshot), so that a million users never sit in memory at once.
 * The API key (only its hash is stored) and the signing key are never exported.
 */
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
  ) {}

  async exportData(): Promise<TransferDocument> {
    const sink = new ObjectSink();
    await this.write(sink);
    return sink.document as unknown as TransferDocument;
  }

  /** Streams every section into `sink`; returns how many records each section had. */
  write(sink: ExportSink, progress: TransferProgress = NO_PROGRESS): Promise<Record<SectionKey, number>> {
    return this.db.transaction(
      async (manager) => {
        const reader = new PageReader(manager, this.db.kind);
        const counts = { configuration: 1 } as Record<SectionKey, number>;
        await sink.section("configuration");
        await sink.items([await this.configurationRecord(manager)]);
        for (const key of ["groups", "roles", "permissions", "applications", "users", "organizations"] as const) {
          await sink.section(key);
          progress.start(key, await reader.count(key));
          counts[key] = 0;
          for await (const page of reader.pages(key)) {
            await sink.items(page);
            progress.advance(page.length);
            counts[key] += page.length;
          }
        }
        return counts;
      },
      { touchesModel: false, readOnly: true },
    );
  }

  /**
   * The records of one section in the export's shape (groups with their members, roles, nested
   * and mappings; roles with their permissions and users): all of them, or those with `ids`
   * (in id order; unknown ids are left out). The extension's API answers its "full records" so.
   */
  records(key: "groups" | "roles" | "permissions", ids?: readonly string[]): Promise<object[]> {
    return this.db.transaction(
      async (manager) => {
        const reader = new PageReader(manager, this.db.kind);
        if (ids) return reader.byIds(key, ids);
        const records: object[] = [];
        for await (const page of reader.pages(key)) records.push(...page);
        return records;
      },
      { touchesModel: false, readOnly: true },
    );
  }

  private async configurationRecord(manager: EntityManager): Promise<ExportedConfiguration> {
    const stored = await this.configuration.read(manager);
    const record: Record<string, unknown> = { _id: CONFIGURATION_RECORD_ID };
    for (const name of SWITCHES) record[name] = Boolean(stored[name]);
    record.claimNamespace = stored.claimNamespace;
    record.tokenIssuer = stored.tokenIssuer;
    record.tokenAudience = stored.tokenAudience;
    record.tokenLifetimeSeconds = Number(stored.tokenLifetimeSeconds);
    return record as unknown as ExportedConfiguration;
  }
}

/** Keyset-paginated reads of each section, with the links of a page in one query per link table. */
class PageReader {
  constructor(
    private readonly manager: EntityManager,
    private readonly kind: DatabaseKind,
  ) {}

  async count(key: PagedKey): Promise<number> {
    const [{ n }]: Array<{ n: string | number }> = await this.manager.query(`SELECT COUNT(*) AS "n" FROM ${SECTIONS[key].table}`);
    return Number(n);
  }

  async *pages(key: PagedKey): AsyncGenerator<object[]> {
    const { id, select } = SECTIONS[key];
    let after: string | null = null;
    for (;;) {
      const p = new SqlParams(this.kind);
      const where: string = after === null ? "" : `WHERE ${id} > ${p.add(after)}`;
      const rows: Array<Record<string, string | null>> = await this.manager.query(`${select} ${where} ORDER BY ${id} LIMIT ${PAGE[key]}`, p.values);
      if (rows.length === 0) return;
      yield await this.shape(key, rows);
      if (rows.length < PAGE[key]) return;
      after = rows[rows.length - 1].id as string;
    }
  }

  async byIds(key: PagedKey, ids: readonly string[]): Promise<object[]> {
    const records: object[] = [];
    const wanted = [...new Set(ids)].sort();
    for (let i = 0; i < wanted.length; i += PAGE[key]) {
      const p = new SqlParams(this.kind);
      const { id, select } = SECTIONS[key];
      const rows: Array<Record<string, string | null>> = await this.manager.query(`${select} WHERE ${id} IN (${p.list(wanted.slice(i, i + PAGE[key]))}) ORDER BY ${id}`, p.values);
      if (rows.length > 0) records.push(...(await this.shape(key, rows)));
    }
    return records;
  }

  private async shape(key: PagedKey, rows: Array<Record<string, string | null>>): Promise<object[]> {
    const ids = rows.map((row) => row.id as string);
    switch (key) {
      case "groups": {
        // One after another: the export is one transaction on one connection, which runs one
        // statement at a time anyway (pg warns of overlapping queries on a client, and pg@9
        // refuses them).
        const members = await this.links(LINK_TABLES.memberships, ids);
        const memberGrants = await this.windowedLinks(LINK_TABLES.memberships, ids);
        const roles = await this.links(LINK_TABLES.groupRoles, ids);
        const nested = await this.links(LINK_TABLES.nestings, ids);
        const mappings = await this.mappings(ids);
        return rows.map((row, i): ExportedGroup => ({
          _id: ids[i],
          name: row.name as string,
          description: row.description ?? "",
          members: members[i],
          ...(memberGrants[i].length > 0 ? { memberGrants: memberGrants[i] } : {}),
          roles: roles[i],
          nested: nested[i],
          mappings: mappings[i],
        }));
      }
      case "roles": {
        const permissions = await this.links(LINK_TABLES.rolePermissions, ids);
        const users = await this.links(LINK_TABLES.userRoles, ids);
        const userGrants = await this.windowedLinks(LINK_TABLES.userRoles, ids);
        return rows.map((row, i): ExportedRole => ({
          _id: ids[i],
          name: row.name as string,
          description: row.description ?? "",
          applicationType: "client",
          applicationId: row.applicationId as string,
          permissions: permissions[i],
          users: users[i],
          ...(userGrants[i].length > 0 ? { userGrants: userGrants[i] } : {}),
        }));
      }
      case "permissions":
        return rows.map((row) => ({
          _id: row.id,
          name: row.name,
          description: row.description ?? "",
          applicationType: "client",
          applicationId: row.applicationId,
        }));
      case "applications":
        return rows.map((row) => ({
          id: row.id,
          name: row.name,
          type: row.type as ApplicationType,
          requiredRoles: (JSON.parse(row.requiredRoles ?? "[]") as string[]).sort(),
          organizationUsage: row.organizationUsage as OrganizationUsage,
          tenantRolesInOrganizations: Boolean(row.tenantRolesInOrganizations),
        }));
      case "users":
        return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, connection: row.connection }));
      case "organizations": {
        const members = await this.organizationMembers(ids);
        return rows.map((row, i): ExportedOrganization => ({
          id: ids[i],
          name: row.name as string,
          displayName: row.displayName as string,
          metadata: JSON.parse(row.metadata ?? "{}") as Record<string, string>,
          members: members[i],
        }));
      }
    }
  }

  /**
   * Members (by user id) with their roles (sorted) of each organization, in the order of
   * `organizationIds`; a windowed membership with its window, windowed member roles in roleGrants.
   */
  private async organizationMembers(organizationIds: string[]): Promise<ExportedOrganizationMember[][]> {
    const p = new SqlParams(this.kind);
    const rows: Array<{ o: string; u: string; r: string | null; mf: Bound; me: Bound; rf: Bound; re: Bound }> = await this.manager.query(
      `SELECT m.${ORG_MEMBERS.c.organizationId} AS "o", m.${ORG_MEMBERS.c.userId} AS "u", r.${ORG_ROLES.c.roleId} AS "r", ` +
        `m.${ORG_MEMBERS.c.validFrom} AS "mf", m.${ORG_MEMBERS.c.expiresAt} AS "me", r.${ORG_ROLES.c.validFrom} AS "rf", r.${ORG_ROLES.c.expiresAt} AS "re" FROM ${ORG_MEMBERS.table} m ` +
        `LEFT JOIN ${ORG_ROLES.table} r ON r.${ORG_ROLES.c.organizationId} = m.${ORG_MEMBERS.c.organizationId} AND r.${ORG_ROLES.c.userId} = m.${ORG_MEMBERS.c.userId} ` +
        `WHERE m.${ORG_MEMBERS.c.organizationId} IN (${p.list(organizationIds)}) ORDER BY 1, 2, 3`,
      p.values,
    );
    const byOrganization = new Map<string, ExportedOrganizationMember[]>();
    for (const row of rows) {
      let list = byOrganization.get(row.o);
      if (!list) byOrganization.set(row.o, (list = []));
      let member = list[list.length - 1];
      if (!member || member.userId !== row.u) {
        member = { userId: row.u, roles: [] };
        if (row.mf !== null || row.me !== null) Object.assign(member, exportedWindow(row.mf, row.me));
        list.push(member);
      }
      if (row.r !== null) {
        member.roles.push(row.r);
        if (row.rf !== null || row.re !== null) (member.roleGrants ??= []).push({ roleId: row.r, ...exportedWindow(row.rf, row.re) });
      }
    }
    return organizationIds.map((id) => byOrganization.get(id) ?? []);
  }

  /** The windowed links of each owner (time-bound grants, docs/design.md §13.3), sorted by target, in the order of `owners`. */
  private async windowedLinks({ table, owner, target }: LinkTable, owners: string[]): Promise<Array<Array<{ userId: string } & ExportedWindow>>> {
    const p = new SqlParams(this.kind);
    const rows: Array<{ o: string; t: string; f: Bound; e: Bound }> = await this.manager.query(
      `SELECT ${owner} AS "o", ${target} AS "t", "validFrom" AS "f", "expiresAt" AS "e" FROM ${table} WHERE (${WINDOWED_WHERE}) AND ${owner} IN (${p.list(owners)}) ORDER BY ${owner}, ${target}`,
      p.values,
    );
    return groupValues(
      owners,
      rows,
      (r) => r.o,
      (r) => ({ userId: r.t, ...exportedWindow(r.f, r.e) }),
    );
  }

  /** Targets of each owner, sorted, in the order of `owners`. */
  private async links({ table, owner, target }: LinkTable, owners: string[]): Promise<string[][]> {
    const p = new SqlParams(this.kind);
    const rows: Array<{ o: string; t: string }> = await this.manager.query(
      `SELECT ${owner} AS "o", ${target} AS "t" FROM ${table} WHERE ${owner} IN (${p.list(owners)}) ORDER BY ${owner}, ${target}`,
      p.values,
    );
    return groupValues(
      owners,
      rows,
      (r) => r.o,
      (r) => r.t,
    );
  }

  private async mappings(groupIds: string[]): Promise<ExportedMapping[][]> {
    const p = new SqlParams(this.kind);
    const rows: Array<{ id: string; groupId: string; groupName: string; connectionName: string }> = await this.manager.query(
      `${MAPPINGS_SQL} WHERE ${MAPPINGS.c.groupId} IN (${p.list(groupIds)}) ORDER BY ${MAPPINGS.c.groupId}, ${MAPPINGS.c.id}`,
      p.values,
    );
    return groupValues(
      groupIds,
      rows,
      (r) => r.groupId,
      (r) => ({ _id: r.id, groupName: r.groupName, connectionName: r.connectionName }),
    );
  }
}

import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { CONFIGURATION_SWITCHES, ORGANIZATION_SWITCHES } from "../configuration/configuration.entity";
import { ColumnProperty, TableNames, TableRef, TABLES } from "../db/tables";

/**
 * The file format of `exportData` / `gatehouse export` and what `importData` reads: the Auth0
 * Authorization Extension's storage document (`configuration`, `groups`, `roles`,
 * `permissions`, records keyed by `_id`) plus Gatehouse's own `applications` and `users`.
 * See docs/transfer.md.
 */

/** The extension's nine switches, then Gatehouse's two organization switches, in the order they are exported. */
export const SWITCHES = [...CONFIGURATION_SWITCHES, ...ORGANIZATION_SWITCHES] as const;

export type SwitchName = (typeof SWITCHES)[number];

/** Gatehouse's settings exported beside the switches in the configuration record. */
export const SETTINGS = ["claimNamespace", "tokenIssuer", "tokenAudience", "tokenLifetimeSeconds"] as const;

/** Top-level keys, in export order; `rules` is the extension's legacy v1 key (read and ignored). */
export const TOP_LEVEL_KEYS = ["configuration", "groups", "roles", "permissions", "applications", "users", "organizations"] as const;
export const LEGACY_KEYS = ["rules"] as const;

export const CONFIGURATION_RECORD_ID = "v1";

/** A link table: the owner column (whose entity lists the links in the file) and the target column, quoted. */
export interface LinkTable extends TableRef {
  owner: string;
  target: string;
}

function linkTable<T>(names: TableNames<T>, owner: ColumnProperty<T>, target: ColumnProperty<T>): LinkTable {
  return { name: names.name, table: names.table, owner: names.c[owner], target: names.c[target] };
}

/** The links the file lists under their owners (group members, nested groups, …) and their tables. */
export const LINK_TABLES = {
  memberships: linkTable(TABLES.groupMembers, "groupId", "userId"),
  nestings: linkTable(TABLES.groupNestings, "parentId", "childId"),
  groupRoles: linkTable(TABLES.groupRoles, "groupId", "roleId"),
  rolePermissions: linkTable(TABLES.rolePermissions, "roleId", "permissionId"),
  userRoles: linkTable(TABLES.userRoles, "roleId", "userId"),
} satisfies Record<string, LinkTable>;

export interface ExportedConfiguration {
  _id: string;
  groupsInToken: boolean;
  rolesInToken: boolean;
  permissionsInToken: boolean;
  groupsPassthrough: boolean;
  rolesPassthrough: boolean;
  permissionsPassthrough: boolean;
  persistGroups: boolean;
  persistRoles: boolean;
  persistPermissions: boolean;
  organizationInToken: boolean;
  organizationMetadataInToken: boolean;
  claimNamespace: string | null;
  tokenIssuer: string;
  tokenAudience: string;
  tokenLifetimeSeconds: number;
}

export interface ExportedMapping {
  _id: string;
  groupName: string;
  connectionName: string;
}

/** The window of a time-bound grant in the file (docs/design.md §13.3): ISO 8601 instants, null for an open end. */
export interface ExportedWindow {
  validFrom: string | null;
  expiresAt: string | null;
}

export interface ExportedGroup {
  _id: string;
  name: string;
  description: string;
  members: string[];
  /** The windowed memberships only (also in `members`); absent when there is none. */
  memberGrants?: Array<{ userId: string } & ExportedWindow>;
  roles: string[];
  nested: string[];
  mappings: ExportedMapping[];
}

export interface ExportedRole {
  _id: string;
  name: string;
  description: string;
  applicationType: "client";
  applicationId: string;
  permissions: string[];
  users: string[];
  /** The windowed assignments only (also in `users`); absent when there is none. */
  userGrants?: Array<{ userId: string } & ExportedWindow>;
}

export interface ExportedPermission {
  _id: string;
  name: string;
  description: string;
  applicationType: "client";
  applicationId: string;
}

export interface ExportedApplication {
  id: string;
  name: string;
  type: ApplicationType;
  requiredRoles: string[];
  organizationUsage: OrganizationUsage;
  tenantRolesInOrganizations: boolean;
}

export interface ExportedUser {
  id: string;
  email: string | null;
  name: string | null;
  connection: string | null;
}

export interface ExportedOrganization {
  id: string;
  name: string;
  displayName: string;
  metadata: Record<string, string>;
  /** A windowed membership carries validFrom and expiresAt; roleGrants lists its windowed member roles (also in roles). */
  members: ExportedOrganizationMember[];
}

export interface ExportedOrganizationMember extends Partial<ExportedWindow> {
  userId: string;
  roles: string[];
  roleGrants?: Array<{ roleId: string } & ExportedWindow>;
}

/** A whole export, keys in this order. */
export interface TransferDocument {
  configuration: ExportedConfiguration[];
  groups: ExportedGroup[];
  roles: ExportedRole[];
  permissions: ExportedPermission[];
  applications: ExportedApplication[];
  users: ExportedUser[];
  organizations: ExportedOrganization[];
}

/** One problem of an import file: where (a JSON path such as `groups[3].nested[0]`) and what. */
export interface ImportProblem {
  path: string;
  message: string;
}

/**
 * Progress of a long import or export, for the CLI (the GraphQL API passes none). A step is a
 * table or a section; `advance` reports rows done since the last call.
 */
export interface TransferProgress {
  start(step: string, total: number): void;
  advance(count: number): void;
}

export const NO_PROGRESS: TransferProgress = { start: () => undefined, advance: () => undefined };

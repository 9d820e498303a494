/**
 * Every length and count limit of the model and its API, in one place (docs/design.md §2): the entities'
 * column lengths, the GraphQL inputs' rules, the import's checks and the login's argument checks
 * all read these. Lengths count UTF-16 code units as class-validator does (the import counts
 * characters). A column's length is part of the migrations: changing one here needs a new
 * migration (`npm run migration:generate`), and `npm run migration:check` says so.
 */

/** Ids of the identity provider (users, applications' client ids): any string up to this. */
const EXTERNAL_ID = 255;

export const LIMITS = {
  /** Ids Gatehouse generates (groups, roles, permissions, mappings): UUIDs in practice, varchar(36). */
  entityId: 36,
  externalId: EXTERNAL_ID,
  /** Any id argument, of whatever kind: the longest kind of id. */
  id: EXTERNAL_ID,
  groupName: 50,
  roleName: 50,
  permissionName: 100,
  applicationName: 255,
  /** Lower-cased names, the unique keys: room for lower-casing to lengthen a name. */
  groupNameKey: 200,
  roleNameKey: 200,
  permissionNameKey: 400,
  applicationNameKey: 1000,
  /** Descriptions of groups, roles and permissions. */
  description: 500,
  /** A mapping's connection and IdP group name (directory group names can be long), and so a login's connection and IdP values. */
  mappingName: 256,
  email: 320,
  /** A user's name and connection. */
  userText: 255,
  /** Role names an application may require. */
  requiredRoles: 100,
  /** The claim namespace, the token issuer and audience. */
  setting: 2048,
  /** Ids one add or remove call takes; larger changes go through import. */
  idsPerCall: 1000,
  /** The audit log's actor: a token's subject, `api-key` or `cli`. */
  actor: 255,
  /** The request id the audit log keeps. */
  requestId: 64,
  /** A list's search text and page cursor. */
  search: 200,
  cursor: 1000,
  /** Organizations (docs/design.md §12, "Details fixed"). */
  organizationId: 64,
  organizationName: 50,
  organizationDisplayName: 255,
  metadataKeys: 25,
  metadataKey: 100,
  metadataValue: 255,
} as const;

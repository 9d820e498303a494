import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { GrantWindow } from "../common/grant-window";
import { SwitchName } from "./transfer.format";

/* The import file as the checks and the planner see it (built by `checkShape` in import.validate.ts). */

/** `undefined` entries keep the positions (and so the paths) of rejected list items. */
export type IdList = Array<string | undefined>;

export interface MappingEntry {
  index: number;
  id: string | undefined;
  connectionName: string | undefined;
  groupName: string | undefined;
}

export interface GroupEntry {
  index: number;
  id: string;
  name: string | undefined;
  /** undefined: not in the file (MERGE keeps the stored value; new entities get ""). */
  description: string | undefined;
  members: IdList | undefined;
  /** The windows of time-bound memberships (`memberGrants`), by user id; each user is in `members` too. */
  memberGrants?: Map<string, GrantWindow>;
  roles: IdList | undefined;
  nested: IdList | undefined;
  mappings: MappingEntry[] | undefined;
}

export interface RoleEntry {
  index: number;
  id: string;
  name: string | undefined;
  description: string | undefined;
  applicationId: string | undefined;
  permissions: IdList | undefined;
  users: IdList | undefined;
  /** The windows of time-bound assignments (`userGrants`), by user id; each user is in `users` too. */
  userGrants?: Map<string, GrantWindow>;
}

export interface PermissionEntry {
  index: number;
  id: string;
  name: string | undefined;
  description: string | undefined;
  applicationId: string | undefined;
}

export interface ApplicationEntry {
  index: number;
  id: string;
  name: string | undefined;
  type: ApplicationType | undefined;
  requiredRoles: string[] | undefined;
  /** docs/design.md §12; undefined: not in the file. */
  organizationUsage: OrganizationUsage | undefined;
  tenantRolesInOrganizations: boolean | undefined;
}

export interface UserEntry {
  index: number;
  id: string;
  /** undefined: not in the file; null: cleared. */
  email: string | null | undefined;
  name: string | null | undefined;
  connection: string | null | undefined;
}

/** The configuration record's values that the file sets. */
export interface ConfigurationPatch {
  switches: Partial<Record<SwitchName, boolean>>;
  claimNamespace?: string | null;
  tokenIssuer?: string;
  tokenAudience?: string;
  tokenLifetimeSeconds?: number;
}

export interface ImportModel {
  configuration: ConfigurationPatch | undefined;
  groups: GroupEntry[];
  roles: RoleEntry[];
  permissions: PermissionEntry[];
  applications: ApplicationEntry[];
  users: UserEntry[];
  /** User ids of the organizations' members (import.organizations.ts): referenced users, like group members. */
  organizationUserIds?: string[];
  /** Number of entries in the file per top-level key (for progress and summaries). */
  size: number;
}

import { gql } from "@urql/core";

export const COUNT_KINDS = [
  "applications",
  "users",
  "groups",
  "roles",
  "permissions",
  "memberships",
  "nestings",
  "groupRoles",
  "userRoles",
  "rolePermissions",
  "mappings",
  "configuration",
] as const;

export type CountKind = (typeof COUNT_KINDS)[number];
export type ImportCounts = Record<CountKind, number>;
export type ImportMode = "MERGE" | "REPLACE";

export interface ImportResult {
  dryRun: boolean;
  mode: ImportMode;
  warnings: string[];
  created: ImportCounts;
  updated: ImportCounts;
  deleted: ImportCounts;
}

export const ImportDataMutation = gql<{ importData: ImportResult }, { data: unknown; dryRun: boolean; mode: ImportMode; repair: boolean }>`
  mutation ImportData($data: JSON!, $dryRun: Boolean!, $mode: ImportMode!, $repair: Boolean!) {
    importData(data: $data, dryRun: $dryRun, mode: $mode, repair: $repair) {
      dryRun
      mode
      warnings
      created {
        applications
        users
        groups
        roles
        permissions
        memberships
        nestings
        groupRoles
        userRoles
        rolePermissions
        mappings
        configuration
      }
      updated {
        applications
        users
        groups
        roles
        permissions
        memberships
        nestings
        groupRoles
        userRoles
        rolePermissions
        mappings
        configuration
      }
      deleted {
        applications
        users
        groups
        roles
        permissions
        memberships
        nestings
        groupRoles
        userRoles
        rolePermissions
        mappings
        configuration
      }
    }
  }
`;

export const ExportDataQuery = gql<{ exportData: unknown }, Record<string, never>>`
  query ExportData {
    exportData
  }
`;

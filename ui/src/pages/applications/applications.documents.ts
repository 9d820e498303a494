import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export type ApplicationType = "NATIVE" | "SPA" | "REGULAR_WEB" | "NON_INTERACTIVE";

export interface ApplicationRow {
  id: string;
  name: string;
  type: ApplicationType;
  supported: boolean;
  requiredRoles: string[];
}

export const ApplicationsQuery = gql<{ applications: Connection<ApplicationRow> }, { search: string | null; first: number; after: string | null }>`
  query Applications($search: String, $first: Int!, $after: String) {
    applications(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        type
        supported
        requiredRoles
      }
    }
  }
`;

export interface ApplicationInputValues {
  id: string;
  name: string;
  type: ApplicationType;
  requiredRoles: string[];
}

export const CreateApplicationMutation = gql<{ createApplication: ApplicationRow }, { input: ApplicationInputValues }>`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      id
      name
      type
      supported
      requiredRoles
    }
  }
`;

/** Whether logins for this application may, must or must not be made for an organization (docs/design.md §12). */
export type OrganizationUsage = "ALLOW" | "DENY" | "REQUIRE";

export interface ApplicationDetail extends ApplicationRow {
  organizationUsage: OrganizationUsage;
  tenantRolesInOrganizations: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationSettingsInput {
  name?: string;
  type?: ApplicationType;
  requiredRoles?: string[];
  organizationUsage?: OrganizationUsage;
  tenantRolesInOrganizations?: boolean;
}

export const ApplicationQuery = gql<{ application: ApplicationDetail | null }, { id: string }>`
  query Application($id: ID!) {
    application(id: $id) {
      id
      name
      type
      supported
      requiredRoles
      organizationUsage
      tenantRolesInOrganizations
      createdAt
      updatedAt
    }
  }
`;

export const UpdateApplicationMutation = gql<{ updateApplication: ApplicationDetail }, { id: string; input: ApplicationSettingsInput }>`
  mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {
    updateApplication(id: $id, input: $input) {
      id
      name
      type
      supported
      requiredRoles
      organizationUsage
      tenantRolesInOrganizations
      createdAt
      updatedAt
    }
  }
`;

export const DeleteApplicationMutation = gql<{ deleteApplication: boolean }, { id: string; force: boolean }>`
  mutation DeleteApplication($id: ID!, $force: Boolean!) {
    deleteApplication(id: $id, force: $force)
  }
`;

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  permissions: Array<{ id: string; name: string }>;
}

export const ApplicationRolesQuery = gql<{ roles: Connection<RoleRow> }, { applicationId: string; search: string | null; first: number; after: string | null }>`
  query ApplicationRoles($applicationId: ID!, $search: String, $first: Int!, $after: String) {
    roles(applicationId: $applicationId, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
        permissions {
          id
          name
        }
      }
    }
  }
`;

export interface PermissionRow {
  id: string;
  name: string;
  description: string;
}

export const ApplicationPermissionsQuery = gql<{ permissions: Connection<PermissionRow> }, { applicationId: string; search: string | null; first: number; after: string | null }>`
  query ApplicationPermissions($applicationId: ID!, $search: String, $first: Int!, $after: String) {
    permissions(applicationId: $applicationId, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
      }
    }
  }
`;

export const CreateRoleMutation = gql<
  { createRole: { id: string; name: string } },
  { input: { applicationId: string; name: string; description: string; permissionIds: string[] } }
>`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      id
      name
    }
  }
`;

export const CreatePermissionMutation = gql<{ createPermission: { id: string; name: string } }, { input: { applicationId: string; name: string; description: string } }>`
  mutation CreatePermission($input: CreatePermissionInput!) {
    createPermission(input: $input) {
      id
      name
    }
  }
`;

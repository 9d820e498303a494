import { gql } from "@urql/core";

export interface RoleDetail {
  id: string;
  name: string;
  description: string;
  applicationId: string;
  application: { id: string; name: string; type: string };
  permissions: Array<{ id: string; name: string }>;
  groups: Array<{ id: string; name: string }>;
  updatedAt: string;
}

export const RoleQuery = gql<{ role: RoleDetail | null }, { id: string }>`
  query Role($id: ID!) {
    role(id: $id) {
      id
      name
      description
      applicationId
      application {
        id
        name
        type
      }
      permissions {
        id
        name
      }
      groups {
        id
        name
      }
      updatedAt
    }
  }
`;

export const UpdateRoleMutation = gql<
  { updateRole: { id: string; name: string; description: string; permissions: Array<{ id: string; name: string }>; updatedAt: string } },
  { id: string; input: { name?: string; description?: string; permissionIds?: string[] } }
>`
  mutation UpdateRole($id: ID!, $input: UpdateRoleInput!) {
    updateRole(id: $id, input: $input) {
      id
      name
      description
      permissions {
        id
        name
      }
      updatedAt
    }
  }
`;

export const DeleteRoleMutation = gql<{ deleteRole: boolean }, { id: string; force: boolean }>`
  mutation DeleteRole($id: ID!, $force: Boolean!) {
    deleteRole(id: $id, force: $force)
  }
`;

export const PermissionChoicesQuery = gql<{ permissions: { nodes: Array<{ id: string; name: string }> } }, { applicationId: string; search: string | null }>`
  query PermissionChoices($applicationId: ID!, $search: String) {
    permissions(applicationId: $applicationId, search: $search, first: 50) {
      nodes {
        id
        name
      }
    }
  }
`;

import { gql } from "@urql/core";

export interface PermissionDetail {
  id: string;
  name: string;
  description: string;
  applicationId: string;
  application: { id: string; name: string };
  roles: Array<{ id: string; name: string }>;
  updatedAt: string;
}

export const PermissionQuery = gql<{ permission: PermissionDetail | null }, { id: string }>`
  query Permission($id: ID!) {
    permission(id: $id) {
      id
      name
      description
      applicationId
      application {
        id
        name
      }
      roles {
        id
        name
      }
      updatedAt
    }
  }
`;

export const UpdatePermissionMutation = gql<
  { updatePermission: { id: string; name: string; description: string; updatedAt: string } },
  { id: string; input: { name?: string; description?: string } }
>`
  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {
    updatePermission(id: $id, input: $input) {
      id
      name
      description
      updatedAt
    }
  }
`;

export const DeletePermissionMutation = gql<{ deletePermission: boolean }, { id: string; force: boolean }>`
  mutation DeletePermission($id: ID!, $force: Boolean!) {
    deletePermission(id: $id, force: $force)
  }
`;

import { gql } from "@urql/core";

export const UpdateGroupMutation = gql<
  { updateGroup: { id: string; name: string; description: string; updatedAt: string } },
  { id: string; input: { name?: string; description?: string } }
>`
  mutation UpdateGroup($id: ID!, $input: UpdateGroupInput!) {
    updateGroup(id: $id, input: $input) {
      id
      name
      description
      updatedAt
    }
  }
`;

export const DeleteGroupMutation = gql<{ deleteGroup: boolean }, { id: string; force: boolean }>`
  mutation DeleteGroup($id: ID!, $force: Boolean!) {
    deleteGroup(id: $id, force: $force)
  }
`;

import { gql } from "@urql/core";

export interface UpdateOrganizationInput {
  name?: string;
  /** null resets it to the name. */
  displayName?: string | null;
  /** Replaces the whole object. */
  metadata?: Record<string, string>;
}

export const UpdateOrganizationMutation = gql<
  { updateOrganization: { id: string; name: string; displayName: string; metadata: Record<string, string>; updatedAt: string } },
  { id: string; input: UpdateOrganizationInput }
>`
  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
    updateOrganization(id: $id, input: $input) {
      id
      name
      displayName
      metadata
      updatedAt
    }
  }
`;

export const DeleteOrganizationMutation = gql<{ deleteOrganization: { id: string } }, { id: string; force: boolean }>`
  mutation DeleteOrganization($id: ID!, $force: Boolean!) {
    deleteOrganization(id: $id, force: $force) {
      id
    }
  }
`;

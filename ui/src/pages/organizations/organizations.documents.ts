import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface OrganizationRow {
  id: string;
  name: string;
  displayName: string;
  members: { totalCount: number };
}

/** The Organizations list: searched (name, display name) and paged on the server, with each one's member count. */
export const OrganizationsQuery = gql<{ organizations: Connection<OrganizationRow> }, { search: string | null; first: number; after: string | null }>`
  query Organizations($search: String, $first: Int!, $after: String) {
    organizations(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        displayName
        members(first: 1) {
          totalCount
        }
      }
    }
  }
`;

export interface CreateOrganizationInput {
  id?: string;
  name: string;
  displayName?: string;
  metadata?: Record<string, string>;
}

export const CreateOrganizationMutation = gql<
  { createOrganization: { id: string; name: string; displayName: string; metadata: Record<string, string> } },
  { input: CreateOrganizationInput }
>`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
      name
      displayName
      metadata
    }
  }
`;

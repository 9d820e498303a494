import { gql } from "@urql/core";

export interface OrganizationHeader {
  id: string;
  name: string;
  displayName: string;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  members: { totalCount: number };
}

/** The organization page's header (names, metadata, member count); each tab asks for its own data. */
export const OrganizationHeaderQuery = gql<{ organization: OrganizationHeader | null }, { id: string }>`
  query OrganizationHeader($id: ID!) {
    organization(id: $id) {
      id
      name
      displayName
      metadata
      createdAt
      updatedAt
      members(first: 1) {
        totalCount
      }
    }
  }
`;

import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  memberCount: number;
}

export const GroupsQuery = gql<{ groups: Connection<GroupRow> }, { search: string | null; first: number; after: string | null }>`
  query Groups($search: String, $first: Int!, $after: String) {
    groups(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
        memberCount
      }
    }
  }
`;

export const CreateGroupMutation = gql<{ createGroup: { id: string; name: string; description: string } }, { input: { name: string; description: string } }>`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      id
      name
      description
    }
  }
`;

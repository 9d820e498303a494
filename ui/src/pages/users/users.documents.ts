import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface UserRow {
  id: string;
  name: string | null;
  email: string | null;
  connection: string | null;
}

export const UsersListQuery = gql<{ users: Connection<UserRow> }, { search: string | null; first: number; after: string | null }>`
  query UsersList($search: String, $first: Int!, $after: String) {
    users(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        connection
      }
    }
  }
`;

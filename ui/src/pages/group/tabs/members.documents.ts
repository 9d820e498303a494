import { gql } from "@urql/core";
import type { Connection } from "../../../graphql/paging";

export interface MemberRow {
  id: string;
  /** null when not set, or hidden without read:users (a field-level FORBIDDEN). */
  email: string | null;
  name: string | null;
  connection: string | null;
}

export const GroupMembersQuery = gql<{ group: { id: string; members: Connection<MemberRow> } | null }, { id: string; search: string | null; first: number; after: string | null }>`
  query GroupMembers($id: ID!, $search: String, $first: Int!, $after: String) {
    group(id: $id) {
      id
      members(search: $search, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          email
          name
          connection
        }
      }
    }
  }
`;

export interface UserChoice {
  id: string;
  email: string | null;
  name: string | null;
  groups: Array<{ id: string }>;
}

/** The members picker: users matching the search, with their direct groups (to leave out members). */
export const PickUsersQuery = gql<{ users: Connection<UserChoice> }, { search: string | null; first: number; after: string | null }>`
  query PickUsers($search: String, $first: Int!, $after: String) {
    users(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        email
        name
        groups {
          id
        }
      }
    }
  }
`;

export const AddGroupMembersMutation = gql<{ addGroupMembers: { id: string; memberCount: number } }, { groupId: string; userIds: string[] }>`
  mutation AddGroupMembers($groupId: ID!, $userIds: [ID!]!) {
    addGroupMembers(groupId: $groupId, userIds: $userIds) {
      id
      memberCount
    }
  }
`;

export const RemoveGroupMembersMutation = gql<{ removeGroupMembers: { id: string; memberCount: number } }, { groupId: string; userIds: string[] }>`
  mutation RemoveGroupMembers($groupId: ID!, $userIds: [ID!]!) {
    removeGroupMembers(groupId: $groupId, userIds: $userIds) {
      id
      memberCount
    }
  }
`;

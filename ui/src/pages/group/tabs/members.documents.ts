import { gql } from "@urql/core";
import type { Connection } from "../../../graphql/paging";

export interface MemberRow {
  id: string;
  /** null when not set, or hidden without read:users (a field-level FORBIDDEN). */
  email: string | null;
  name: string | null;
  connection: string | null;
}

export interface MemberGrantRow {
  user: MemberRow;
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
}

/** Direct memberships with their windows (sorted by user id); pending and expired ones too with includeInactive. */
export const GroupMemberGrantsQuery = gql<
  { group: { id: string; memberGrants: Connection<MemberGrantRow> } | null },
  { id: string; first: number; after: string | null; includeInactive: boolean }
>`
  query GroupMemberGrants($id: ID!, $first: Int!, $after: String, $includeInactive: Boolean!) {
    group(id: $id) {
      id
      memberGrants(first: $first, after: $after, includeInactive: $includeInactive) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          user {
            id
            email
            name
            connection
          }
          validFrom
          expiresAt
          active
        }
      }
    }
  }
`;

export interface SearchedMemberRow extends MemberRow {
  groupGrants: Array<{ group: { id: string }; validFrom: string | null; expiresAt: string | null; active: boolean }>;
}

/**
 * A search of the members (memberGrants has no search): the active members matching, each with its
 * direct memberships' windows, of which the page shows this group's.
 */
export const GroupMembersSearchQuery = gql<
  { group: { id: string; members: Connection<SearchedMemberRow> } | null },
  { id: string; search: string; first: number; after: string | null }
>`
  query GroupMembersSearch($id: ID!, $search: String!, $first: Int!, $after: String) {
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
          groupGrants {
            group {
              id
            }
            validFrom
            expiresAt
            active
          }
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

export const AddGroupMembersMutation = gql<
  { addGroupMembers: { id: string; memberCount: number } },
  { groupId: string; userIds: string[]; validFrom: string | null; expiresAt: string | null }
>`
  mutation AddGroupMembers($groupId: ID!, $userIds: [ID!]!, $validFrom: DateTimeISO, $expiresAt: DateTimeISO) {
    addGroupMembers(groupId: $groupId, userIds: $userIds, validFrom: $validFrom, expiresAt: $expiresAt) {
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

import { gql } from "@urql/core";
import type { Connection } from "../../../graphql/paging";

export interface GroupRef {
  id: string;
  name: string;
}

export interface LinkedGroup extends GroupRef {
  description: string;
  memberCount: number;
}

/** Children (plain list: the server returns them all; the tab pages them locally). */
export const NestedGroupsQuery = gql<{ group: { id: string; nestedGroups: LinkedGroup[] } | null }, { id: string }>`
  query GroupNestedGroups($id: ID!) {
    group(id: $id) {
      id
      nestedGroups {
        id
        name
        description
        memberCount
      }
    }
  }
`;

export const ParentGroupsQuery = gql<{ group: { id: string; parentGroups: LinkedGroup[] } | null }, { id: string }>`
  query GroupParentGroups($id: ID!) {
    group(id: $id) {
      id
      parentGroups {
        id
        name
        description
        memberCount
      }
    }
  }
`;

export interface GroupChoice extends GroupRef {
  description: string;
  parentGroups: Array<{ id: string }>;
}

/** The nested-groups picker: groups matching the search, with their parents (to leave out children already nested). */
export const PickGroupsQuery = gql<{ groups: Connection<GroupChoice> }, { search: string | null; first: number; after: string | null }>`
  query PickGroups($search: String, $first: Int!, $after: String) {
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
        parentGroups {
          id
        }
      }
    }
  }
`;

export const AddNestedGroupsMutation = gql<{ addNestedGroups: { id: string; nestedGroups: Array<{ id: string }> } }, { groupId: string; groupIds: string[] }>`
  mutation AddNestedGroups($groupId: ID!, $groupIds: [ID!]!) {
    addNestedGroups(groupId: $groupId, groupIds: $groupIds) {
      id
      nestedGroups {
        id
      }
    }
  }
`;

export const RemoveNestedGroupsMutation = gql<{ removeNestedGroups: { id: string; nestedGroups: Array<{ id: string }> } }, { groupId: string; groupIds: string[] }>`
  mutation RemoveNestedGroups($groupId: ID!, $groupIds: [ID!]!) {
    removeNestedGroups(groupId: $groupId, groupIds: $groupIds) {
      id
      nestedGroups {
        id
      }
    }
  }
`;

export interface CalculatedMemberRow {
  user: { id: string; email: string | null; name: string | null };
  group: GroupRef;
}

export const CalculatedMembersQuery = gql<
  { group: { id: string; calculatedMembers: Connection<CalculatedMemberRow> } | null },
  { id: string; first: number; after: string | null }
>`
  query GroupCalculatedMembers($id: ID!, $first: Int!, $after: String) {
    group(id: $id) {
      id
      calculatedMembers(first: $first, after: $after) {
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
          }
          group {
            id
            name
          }
        }
      }
    }
  }
`;

import { gql } from "@urql/core";
import type { Connection } from "../../../graphql/paging";

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  /** Asked only with read:applications (`withApplication`): without it the field would null the whole answer. */
  application?: { id: string; name: string };
}

export const GroupRolesQuery = gql<{ group: { id: string; roles: RoleRow[] } | null }, { id: string; withApplication: boolean }>`
  query GroupRoles($id: ID!, $withApplication: Boolean!) {
    group(id: $id) {
      id
      roles {
        id
        name
        description
        application @include(if: $withApplication) {
          id
          name
        }
      }
    }
  }
`;

export interface EffectiveRoleRow {
  role: { id: string; name: string; application?: { id: string; name: string } };
  group: { id: string; name: string };
}

export const GroupEffectiveRolesQuery = gql<{ group: { id: string; effectiveRoles: EffectiveRoleRow[] } | null }, { id: string; withApplication: boolean }>`
  query GroupEffectiveRoles($id: ID!, $withApplication: Boolean!) {
    group(id: $id) {
      id
      effectiveRoles {
        role {
          id
          name
          application @include(if: $withApplication) {
            id
            name
          }
        }
        group {
          id
          name
        }
      }
    }
  }
`;

export const PickRolesQuery = gql<{ roles: Connection<RoleRow> }, { search: string | null; first: number; after: string | null; withApplication: boolean }>`
  query PickRoles($search: String, $first: Int!, $after: String, $withApplication: Boolean!) {
    roles(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
        application @include(if: $withApplication) {
          id
          name
        }
      }
    }
  }
`;

export const AddGroupRolesMutation = gql<{ addGroupRoles: { id: string } }, { groupId: string; roleIds: string[] }>`
  mutation AddGroupRoles($groupId: ID!, $roleIds: [ID!]!) {
    addGroupRoles(groupId: $groupId, roleIds: $roleIds) {
      id
    }
  }
`;

export const RemoveGroupRolesMutation = gql<{ removeGroupRoles: { id: string } }, { groupId: string; roleIds: string[] }>`
  mutation RemoveGroupRoles($groupId: ID!, $roleIds: [ID!]!) {
    removeGroupRoles(groupId: $groupId, roleIds: $roleIds) {
      id
    }
  }
`;

export interface MappingRow {
  id: string;
  connectionName: string;
  groupName: string;
}

export const GroupMappingsQuery = gql<{ group: { id: string; mappings: MappingRow[] } | null }, { id: string }>`
  query GroupMappings($id: ID!) {
    group(id: $id) {
      id
      mappings {
        id
        connectionName
        groupName
      }
    }
  }
`;

export const AddGroupMappingsMutation = gql<
  { addGroupMappings: { id: string; mappings: Array<{ id: string; connectionName: string; groupName: string }> } },
  { groupId: string; mappings: Array<{ connectionName: string; groupName: string }> }
>`
  mutation AddGroupMappings($groupId: ID!, $mappings: [GroupMappingInput!]!) {
    addGroupMappings(groupId: $groupId, mappings: $mappings) {
      id
      mappings {
        id
        connectionName
        groupName
      }
    }
  }
`;

export const RemoveGroupMappingsMutation = gql<{ removeGroupMappings: { id: string; mappings: Array<{ id: string }> } }, { groupId: string; mappingIds: string[] }>`
  mutation RemoveGroupMappings($groupId: ID!, $mappingIds: [ID!]!) {
    removeGroupMappings(groupId: $groupId, mappingIds: $mappingIds) {
      id
      mappings {
        id
      }
    }
  }
`;

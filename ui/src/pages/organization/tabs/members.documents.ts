import { gql } from "@urql/core";
import type { Connection } from "../../../graphql/paging";

export interface MemberRoleRow {
  id: string;
  name: string;
  /** Asked only with read:applications. */
  application?: { id: string; name: string };
}

export interface OrganizationMemberRow {
  user: {
    id: string;
    /** null when not set, or hidden without read:users (a field-level FORBIDDEN). */
    email: string | null;
    name: string | null;
  };
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
  /** Asked only with read:roles: a refused Role inside the non-null list would null the whole member. */
  roleGrants?: MemberRoleGrantRow[];
}

export interface MemberRoleGrantRow {
  role: MemberRoleRow;
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
}

export interface OrganizationMembersVariables {
  id: string;
  search: string | null;
  first: number;
  after: string | null;
  withRoles: boolean;
  withApplication: boolean;
  includeInactive: boolean;
}

/** Memberships with their windows and their member roles' windows (pending and expired ones too with includeInactive). */
export const OrganizationMembersQuery = gql<{ organization: { id: string; memberGrants: Connection<OrganizationMemberRow> } | null }, OrganizationMembersVariables>`
  query OrganizationMembers($id: ID!, $search: String, $first: Int!, $after: String, $withRoles: Boolean!, $withApplication: Boolean!, $includeInactive: Boolean!) {
    organization(id: $id) {
      id
      memberGrants(search: $search, first: $first, after: $after, includeInactive: $includeInactive) {
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
          validFrom
          expiresAt
          active
          roleGrants(includeInactive: $includeInactive) @include(if: $withRoles) {
            role {
              id
              name
              application @include(if: $withApplication) {
                id
                name
              }
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

export interface OrganizationUserChoice {
  id: string;
  email: string | null;
  name: string | null;
  organizations: Array<{ organization: { id: string } }>;
}

/** The members picker: users matching the search, with their organizations (to leave out members). */
export const PickOrganizationUsersQuery = gql<{ users: Connection<OrganizationUserChoice> }, { search: string | null; first: number; after: string | null }>`
  query PickOrganizationUsers($search: String, $first: Int!, $after: String) {
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
        organizations {
          organization {
            id
          }
        }
      }
    }
  }
`;

export interface RoleChoice {
  id: string;
  name: string;
  applicationId: string;
  application?: { id: string; name: string };
}

/** The role picker of a member: roles of any application (DESIGN §12). */
export const PickOrganizationRolesQuery = gql<{ roles: Connection<RoleChoice> }, { search: string | null; first: number; after: string | null; withApplication: boolean }>`
  query PickOrganizationRoles($search: String, $first: Int!, $after: String, $withApplication: Boolean!) {
    roles(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        applicationId
        application @include(if: $withApplication) {
          id
          name
        }
      }
    }
  }
`;

export const AddOrganizationMembersMutation = gql<
  { addOrganizationMembers: { id: string } },
  { organizationId: string; userIds: string[]; validFrom: string | null; expiresAt: string | null }
>`
  mutation AddOrganizationMembers($organizationId: ID!, $userIds: [ID!]!, $validFrom: DateTimeISO, $expiresAt: DateTimeISO) {
    addOrganizationMembers(organizationId: $organizationId, userIds: $userIds, validFrom: $validFrom, expiresAt: $expiresAt) {
      id
    }
  }
`;

export const RemoveOrganizationMembersMutation = gql<{ removeOrganizationMembers: { id: string } }, { organizationId: string; userIds: string[] }>`
  mutation RemoveOrganizationMembers($organizationId: ID!, $userIds: [ID!]!) {
    removeOrganizationMembers(organizationId: $organizationId, userIds: $userIds) {
      id
    }
  }
`;

export const AddOrganizationMemberRolesMutation = gql<
  { addOrganizationMemberRoles: { id: string } },
  { organizationId: string; userId: string; roleIds: string[]; validFrom: string | null; expiresAt: string | null }
>`
  mutation AddOrganizationMemberRoles($organizationId: ID!, $userId: ID!, $roleIds: [ID!]!, $validFrom: DateTimeISO, $expiresAt: DateTimeISO) {
    addOrganizationMemberRoles(organizationId: $organizationId, userId: $userId, roleIds: $roleIds, validFrom: $validFrom, expiresAt: $expiresAt) {
      id
    }
  }
`;

export const RemoveOrganizationMemberRolesMutation = gql<{ removeOrganizationMemberRoles: { id: string } }, { organizationId: string; userId: string; roleIds: string[] }>`
  mutation RemoveOrganizationMemberRoles($organizationId: ID!, $userId: ID!, $roleIds: [ID!]!) {
    removeOrganizationMemberRoles(organizationId: $organizationId, userId: $userId, roleIds: $roleIds) {
      id
    }
  }
`;

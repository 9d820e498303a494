import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface UserGroupRow {
  id: string;
  name: string;
  description: string;
}

export interface EffectiveGroupRow {
  id: string;
  name: string;
  parentGroups: Array<{ id: string }>;
}

export interface UserRoleRow {
  id: string;
  name: string;
  description: string;
  applicationId: string;
  application?: { id: string; name: string };
}

export interface UserGroupGrantRow {
  group: UserGroupRow;
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
}

export interface UserRoleGrantRow {
  role: UserRoleRow;
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
}

export interface SnapshotRow {
  applicationId: string;
  groups: string[] | null;
  roles: string[] | null;
  permissions: string[] | null;
  updatedAt: string;
}

export interface UserProfile {
  id: string;
  name: string | null;
  email: string | null;
  connection: string | null;
  createdAt: string;
  updatedAt: string;
  groups?: UserGroupRow[];
  /** The direct memberships active now, with their windows. */
  groupGrants?: UserGroupGrantRow[];
  effectiveGroups?: EffectiveGroupRow[];
  roles?: UserRoleRow[];
  /** The direct role assignments active now, with their windows. */
  roleGrants?: UserRoleGrantRow[];
  effectiveRoles?: Array<{ id: string; applicationId: string }>;
  authorizationSnapshots: SnapshotRow[];
  /** Asked only with read:organizations; the roles in each only with read:roles. */
  organizations?: UserOrganizationRow[];
}

export interface UserOrganizationRow {
  organization: { id: string; name: string; displayName: string };
  roles?: Array<{ id: string; name: string; applicationId: string; application?: { id: string; name: string } }>;
}

export interface UserPageVariables {
  id: string;
  withGroups: boolean;
  withRoles: boolean;
  withApps: boolean;
  withOrganizations: boolean;
}

/**
 * The user page's first query: the profile, direct and effective groups, direct roles (and the
 * applications of every effective role, to choose one), snapshots. Parts the session may not read
 * are left out (@include) rather than asked and refused: a refused Group or Role inside a
 * non-null list would null the whole user.
 */
export const UserPageQuery = gql<{ user: UserProfile | null }, UserPageVariables>`
  query UserPage($id: ID!, $withGroups: Boolean!, $withRoles: Boolean!, $withApps: Boolean!, $withOrganizations: Boolean!) {
    user(id: $id) {
      id
      name
      email
      connection
      createdAt
      updatedAt
      groups @include(if: $withGroups) {
        id
        name
        description
      }
      groupGrants @include(if: $withGroups) {
        group {
          id
          name
          description
        }
        validFrom
        expiresAt
        active
      }
      effectiveGroups @include(if: $withGroups) {
        id
        name
        parentGroups {
          id
        }
      }
      roles @include(if: $withRoles) {
        id
        name
        description
        applicationId
        application @include(if: $withApps) {
          id
          name
        }
      }
      roleGrants @include(if: $withRoles) {
        role {
          id
          name
          description
          applicationId
          application @include(if: $withApps) {
            id
            name
          }
        }
        validFrom
        expiresAt
        active
      }
      effectiveRoles @include(if: $withRoles) {
        id
        applicationId
      }
      authorizationSnapshots {
        applicationId
        groups
        roles
        permissions
        updatedAt
      }
      organizations @include(if: $withOrganizations) {
        organization {
          id
          name
          displayName
        }
        roles @include(if: $withRoles) {
          id
          name
          applicationId
          application @include(if: $withApps) {
            id
            name
          }
        }
      }
    }
  }
`;

/** Every direct membership of the user, pending and expired ones too ("Show inactive grants"). */
export const UserGroupGrantsQuery = gql<{ user: { id: string; groupGrants: UserGroupGrantRow[] } | null }, { id: string }>`
  query UserGroupGrants($id: ID!) {
    user(id: $id) {
      id
      groupGrants(includeInactive: true) {
        group {
          id
          name
          description
        }
        validFrom
        expiresAt
        active
      }
    }
  }
`;

/** Every direct role assignment of the user, pending and expired ones too ("Show inactive grants"). */
export const UserRoleGrantsQuery = gql<{ user: { id: string; roleGrants: UserRoleGrantRow[] } | null }, { id: string; withApps: boolean }>`
  query UserRoleGrants($id: ID!, $withApps: Boolean!) {
    user(id: $id) {
      id
      roleGrants(includeInactive: true) {
        role {
          id
          name
          description
          applicationId
          application @include(if: $withApps) {
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
`;

export interface ExplainedItem {
  name: string;
  paths: string[];
  truncated: boolean;
}

export interface UserApplicationVariables {
  id: string;
  applicationId: string;
  connection: string | null;
  withRoles: boolean;
  withPermissions: boolean;
  withExplain: boolean;
}

export interface UserApplicationData {
  user: {
    id: string;
    effectiveRoles?: Array<{ id: string; name: string; description: string }>;
    effectivePermissions?: Array<{ id: string; name: string; description: string }>;
  } | null;
  explainAuthorization?: { groups: ExplainedItem[]; roles: ExplainedItem[]; permissions: ExplainedItem[] };
}

/** What the user holds for one application, and why (every path, with the user's own connection). */
export const UserApplicationQuery = gql<UserApplicationData, UserApplicationVariables>`
  query UserApplication($id: ID!, $applicationId: ID!, $connection: String, $withRoles: Boolean!, $withPermissions: Boolean!, $withExplain: Boolean!) {
    user(id: $id) {
      id
      effectiveRoles(applicationId: $applicationId) @include(if: $withRoles) {
        id
        name
        description
      }
      effectivePermissions(applicationId: $applicationId) @include(if: $withPermissions) {
        id
        name
        description
      }
    }
    explainAuthorization(userId: $id, clientId: $applicationId, connection: $connection) @include(if: $withExplain) {
      groups {
        name
        paths
        truncated
      }
      roles {
        name
        paths
        truncated
      }
      permissions {
        name
        paths
        truncated
      }
    }
  }
`;

export interface ApplicationOption {
  id: string;
  name: string;
  type: string;
}

/** Applications for the selector, searched on the server. */
export const UserApplicationsQuery = gql<{ applications: Connection<ApplicationOption> }, { search: string | null; first: number }>`
  query UserApplications($search: String, $first: Int!) {
    applications(search: $search, first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        type
      }
    }
  }
`;

export const UserPickGroupsQuery = gql<{ groups: Connection<UserGroupRow> }, { search: string | null; first: number; after: string | null }>`
  query UserPickGroups($search: String, $first: Int!, $after: String) {
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

export const UserPickRolesQuery = gql<{ roles: Connection<RoleChoice> }, { search: string | null; first: number; after: string | null; withApps: boolean }>`
  query UserPickRoles($search: String, $first: Int!, $after: String, $withApps: Boolean!) {
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
        application @include(if: $withApps) {
          id
          name
        }
      }
    }
  }
`;

export const AddUserToGroupsMutation = gql<{ addUserToGroups: { id: string } }, { userId: string; groupIds: string[]; validFrom: string | null; expiresAt: string | null }>`
  mutation AddUserToGroups($userId: ID!, $groupIds: [ID!]!, $validFrom: DateTimeISO, $expiresAt: DateTimeISO) {
    addUserToGroups(userId: $userId, groupIds: $groupIds, validFrom: $validFrom, expiresAt: $expiresAt) {
      id
    }
  }
`;

export const RemoveUserFromGroupsMutation = gql<{ removeUserFromGroups: { id: string } }, { userId: string; groupIds: string[] }>`
  mutation RemoveUserFromGroups($userId: ID!, $groupIds: [ID!]!) {
    removeUserFromGroups(userId: $userId, groupIds: $groupIds) {
      id
    }
  }
`;

export const AddUserRolesMutation = gql<{ addUserRoles: { id: string } }, { userId: string; roleIds: string[]; validFrom: string | null; expiresAt: string | null }>`
  mutation AddUserRoles($userId: ID!, $roleIds: [ID!]!, $validFrom: DateTimeISO, $expiresAt: DateTimeISO) {
    addUserRoles(userId: $userId, roleIds: $roleIds, validFrom: $validFrom, expiresAt: $expiresAt) {
      id
    }
  }
`;

export const RemoveUserRolesMutation = gql<{ removeUserRoles: { id: string } }, { userId: string; roleIds: string[] }>`
  mutation RemoveUserRoles($userId: ID!, $roleIds: [ID!]!) {
    removeUserRoles(userId: $userId, roleIds: $roleIds) {
      id
    }
  }
`;

export const DeleteUserMutation = gql<{ deleteUser: boolean }, { id: string }>`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`;

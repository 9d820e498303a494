import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface ApplicationChoice {
  id: string;
  name: string;
  type: string;
  supported: boolean;
}

/** The applications offered as "Client id" (searched on the server as the admin types). */
export const SimulatorApplicationsQuery = gql<{ applications: Connection<ApplicationChoice> }, { search: string | null; first: number }>`
  query SimulatorApplications($search: String, $first: Int!) {
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
        supported
      }
    }
  }
`;

export interface OrganizationChoice {
  id: string;
  name: string;
  displayName: string;
}

/** The organizations offered as "Organization" (searched on the server as the admin types; needs read:organizations). */
export const SimulatorOrganizationsQuery = gql<{ organizations: Connection<OrganizationChoice> }, { search: string | null; first: number }>`
  query SimulatorOrganizations($search: String, $first: Int!) {
    organizations(search: $search, first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        displayName
      }
    }
  }
`;

export interface ExplainedItem {
  name: string;
  paths: string[];
  truncated: boolean;
}

export interface Explanation {
  groups: ExplainedItem[];
  roles: ExplainedItem[];
  permissions: ExplainedItem[];
}

export interface AuthorizationContextResult {
  userId: string;
  clientId: string;
  groups: string[];
  roles: string[];
  permissions: string[];
  claims: Record<string, unknown>;
  accessGranted: boolean;
  denialReason: string | null;
  warnings: string[];
  /** The organization the login was granted for (DESIGN §12); null without one or when refused. */
  organization: { id: string; name: string; displayName: string; metadata: Record<string, string> } | null;
}

export interface SimulationVariables {
  userId: string;
  clientId: string;
  connection: string | null;
  connectionGroups: string[] | null;
  /** The organization the login is made for (DESIGN §12), or null. */
  organizationId: string | null;
}

/** One login, simulated: the context (what the hook would put in the token) and every path behind it. */
export const SimulateLoginQuery = gql<{ authorizationContext: AuthorizationContextResult; explainAuthorization: Explanation }, SimulationVariables>`
  query SimulateLogin($userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $organizationId: ID) {
    authorizationContext(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, organizationId: $organizationId) {
      userId
      clientId
      groups
      roles
      permissions
      claims
      accessGranted
      denialReason
      warnings
      organization {
        id
        name
        displayName
        metadata
      }
    }
    explainAuthorization(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, organizationId: $organizationId) {
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

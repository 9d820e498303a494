import { gql } from "@urql/core";

export interface Switches {
  groupsInToken: boolean;
  rolesInToken: boolean;
  permissionsInToken: boolean;
  groupsPassthrough: boolean;
  rolesPassthrough: boolean;
  permissionsPassthrough: boolean;
  persistGroups: boolean;
  persistRoles: boolean;
  persistPermissions: boolean;
}

export interface ConfigurationValues extends Switches {
  claimNamespace: string | null;
  tokenIssuer: string;
  tokenAudience: string;
  tokenLifetimeSeconds: number;
  apiKeyConfigured: boolean;
  apiKeyCreatedAt: string | null;
  previousApiKeyValidUntil: string | null;
  updatedAt: string;
}

export const ConfigurationQuery = gql<{ configuration: ConfigurationValues }, Record<string, never>>`
  query Configuration {
    configuration {
      groupsInToken
      rolesInToken
      permissionsInToken
      groupsPassthrough
      rolesPassthrough
      permissionsPassthrough
      persistGroups
      persistRoles
      persistPermissions
      claimNamespace
      tokenIssuer
      tokenAudience
      tokenLifetimeSeconds
      apiKeyConfigured
      apiKeyCreatedAt
      previousApiKeyValidUntil
      updatedAt
    }
  }
`;

export type ConfigurationInput = Partial<Switches> & { claimNamespace?: string | null; tokenIssuer?: string; tokenAudience?: string; tokenLifetimeSeconds?: number };

export const UpdateConfigurationMutation = gql<{ updateConfiguration: ConfigurationValues }, { input: ConfigurationInput }>`
  mutation UpdateConfiguration($input: UpdateConfigurationInput!) {
    updateConfiguration(input: $input) {
      groupsInToken
      rolesInToken
      permissionsInToken
      groupsPassthrough
      rolesPassthrough
      permissionsPassthrough
      persistGroups
      persistRoles
      persistPermissions
      claimNamespace
      tokenIssuer
      tokenAudience
      tokenLifetimeSeconds
      apiKeyConfigured
      apiKeyCreatedAt
      previousApiKeyValidUntil
      updatedAt
    }
  }
`;

export const RotateApiKeyMutation = gql<{ rotateApiKey: { apiKey: string; previousKeyValidUntil: string | null } }, { gracePeriodSeconds: number }>`
  mutation RotateApiKey($gracePeriodSeconds: Int!) {
    rotateApiKey(gracePeriodSeconds: $gracePeriodSeconds) {
      apiKey
      previousKeyValidUntil
    }
  }
`;

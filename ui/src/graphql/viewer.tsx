/**
 * Who is signed in (DESIGN §11 "Who am I"): `viewer { subject scopes via expiresAt }`, read once
 * by the shell; pages ask `useViewer().can("update:groups")` to enable or disable actions.
 */
import { gql } from "@urql/core";
import { createContext, useContext } from "react";

export type CredentialKind = "TOKEN" | "SESSION" | "API_KEY";

export interface Viewer {
  subject: string;
  scopes: string[];
  via: CredentialKind;
  expiresAt: string | null;
}

export const ViewerQuery = gql<{ viewer: Viewer }, Record<string, never>>`
  query Viewer {
    viewer {
      subject
      scopes
      via
      expiresAt
    }
  }
`;

export interface ViewerValue {
  viewer: Viewer;
  can(scope: string): boolean;
}

export const ViewerContext = createContext<ViewerValue>({ viewer: { subject: "", scopes: [], via: "SESSION", expiresAt: null }, can: () => false });

export function useViewer(): ViewerValue {
  return useContext(ViewerContext);
}

export function viewerValue(viewer: Viewer): ViewerValue {
  const scopes = new Set(viewer.scopes);
  return { viewer, can: (scope) => scopes.has(scope) };
}

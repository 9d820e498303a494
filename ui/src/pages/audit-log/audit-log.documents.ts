import { gql } from "@urql/core";
import type { Connection } from "../../graphql/paging";

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  actorKind: string;
  operation: string;
  targetIds: string[];
  details: { input?: unknown; result?: unknown };
}

export const AuditLogQuery = gql<{ auditLog: Connection<AuditRow> }, { actor: string | null; targetId: string | null; first: number; after: string | null }>`
  query AuditLog($actor: String, $targetId: ID, $first: Int!, $after: String) {
    auditLog(actor: $actor, targetId: $targetId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        actor
        actorKind
        operation
        targetIds
        details
      }
    }
  }
`;

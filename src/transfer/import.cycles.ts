import { findCycles as cyclesOf, GraphEdge } from "../common/graph";

/** A nesting edge parent → child; `path` is where the file states it (null: already in the database). */
export interface NestingEdge extends GraphEdge {
  path: string | null;
}

/** One cycle: the group ids around it (first = last) and the file path of an edge on it. */
export interface NestingCycle {
  ids: string[];
  path: string | null;
}

/**
 * Every nesting cycle of the resulting model (common/graph's `findCycles`: one shortest cycle
 * per strongly connected component, from its first group in file order), with the first edge on
 * it that the file states, so the problem points into the file.
 */
export function findCycles(order: readonly string[], edges: ReadonlyMap<string, readonly NestingEdge[]>): NestingCycle[] {
  return cyclesOf(order, edges).map((cycle) => ({ ids: cycle.ids, path: cycle.edges.find((edge) => edge.path !== null)?.path ?? null }));
}

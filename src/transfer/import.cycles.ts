/** A nesting edge parent → child; `path` is where the file states it (null: already in the database). */
export interface NestingEdge {
  child: string;
  path: string | null;
}

/** One cycle: the group ids around it (first = last) and the file path of an edge on it. */
export interface NestingCycle {
  ids: string[];
  path: string | null;
}

/**
 * Every nesting cycle, one per strongly connected component (Tarjan's algorithm, iterative so
 * that deep hierarchies do not overflow the stack). Each reported cycle is a shortest one
 * through the component's first node in `order`, so the report is deterministic.
 */
export function findCycles(order: readonly string[], edges: ReadonlyMap<string, readonly NestingEdge[]>): NestingCycle[] {
  const components = stronglyConnected(order, edges);
  const rank = new Map(order.map((id, i) => [id, i]));
  const cycles: NestingCycle[] = [];
  for (const component of components) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = component.reduce((a, b) => ((rank.get(a) ?? Infinity) <= (rank.get(b) ?? Infinity) ? a : b));
    cycles.push(shortestCycle(start, members, edges));
  }
  return cycles.sort((a, b) => (rank.get(a.ids[0]) ?? Infinity) - (rank.get(b.ids[0]) ?? Infinity));
}

function stronglyConnected(order: readonly string[], edges: ReadonlyMap<string, readonly NestingEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const nodes = new Set<string>(order);
  for (const [parent, list] of edges) {
    nodes.add(parent);
    for (const edge of list) nodes.add(edge.child);
  }
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame: a node and the position of the next edge to follow.
    const frames: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const out = edges.get(frame.node) ?? [];
      if (frame.next < out.length) {
        const child = out[frame.next++].child;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          frames.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** Breadth-first from `start` back to itself inside the component. */
function shortestCycle(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly NestingEdge[]>): NestingCycle {
  const cameFrom = new Map<string, { from: string; edge: NestingEdge }>();
  let frontier = [start];
  let closing: { from: string; edge: NestingEdge } | undefined;
  while (frontier.length > 0 && !closing) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const edge of edges.get(node) ?? []) {
        if (!members.has(edge.child)) continue;
        if (edge.child === start) {
          closing = { from: node, edge };
          break;
        }
        if (!cameFrom.has(edge.child)) {
          cameFrom.set(edge.child, { from: node, edge });
          next.push(edge.child);
        }
      }
      if (closing) break;
    }
    frontier = next;
  }
  // A strongly connected component of two or more nodes always has a way back.
  const steps: Array<{ from: string; edge: NestingEdge }> = [closing!];
  for (let at = closing!.from; at !== start; at = cameFrom.get(at)!.from) steps.push(cameFrom.get(at)!);
  steps.reverse();
  const ids = [start, ...steps.map((step) => step.edge.child)];
  const fromFile = steps.find((step) => step.edge.path !== null);
  return { ids, path: fromFile ? fromFile.edge.path : null };
}

/**
 * Directed graphs over string ids, as the model's nesting is one (parent → child). Pure: the
 * callers read the links however they do (a map, the request's loaders, a file being imported).
 */

/** Every id reachable from `start` through `next` (start included), each once: cycle-safe. */
export function reachable(start: Iterable<string>, next: (id: string) => Iterable<string> | undefined): Set<string> {
  const seen = new Set<string>(start);
  const stack = [...seen];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const to of next(id) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen;
}

/** An edge parent → `child`, carrying whatever its caller needs to report it (e.g. where a file states it). */
export interface GraphEdge {
  child: string;
}

/** One cycle: the ids around it (first = last) and the edges it takes, in order. */
export interface Cycle<E extends GraphEdge> {
  ids: string[];
  edges: E[];
}

/**
 * Every cycle of the graph `edges` (parent → its edges), one per strongly connected component
 * (Tarjan's algorithm, iterative so that deep hierarchies do not overflow the stack); a node
 * with an edge to itself is a cycle of its own. Each reported cycle is a shortest one through
 * the component's first node in `order` (nodes not in it come last), so the report is
 * deterministic; cycles are sorted the same way.
 */
export function findCycles<E extends GraphEdge>(order: readonly string[], edges: ReadonlyMap<string, readonly E[]>): Array<Cycle<E>> {
  const components = stronglyConnected(order, edges);
  const rank = new Map(order.map((id, i) => [id, i]));
  const cycles: Array<Cycle<E>> = [];
  for (const component of components) {
    if (component.length < 2 && !(edges.get(component[0]) ?? []).some((edge) => edge.child === component[0])) continue;
    const members = new Set(component);
    const start = component.reduce((a, b) => ((rank.get(a) ?? Infinity) <= (rank.get(b) ?? Infinity) ? a : b));
    cycles.push(shortestCycle(start, members, edges));
  }
  return cycles.sort((a, b) => (rank.get(a.ids[0]) ?? Infinity) - (rank.get(b.ids[0]) ?? Infinity));
}

/** How messages name a cycle: `A → B → C → A`. */
export function cycleText(names: readonly string[]): string {
  return names.join(" → ");
}

function stronglyConnected(order: readonly string[], edges: ReadonlyMap<string, readonly GraphEdge[]>): string[][] {
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
function shortestCycle<E extends GraphEdge>(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly E[]>): Cycle<E> {
  const cameFrom = new Map<string, { from: string; edge: E }>();
  let frontier = [start];
  let closing: { from: string; edge: E } | undefined;
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
  // A strongly connected component of two or more nodes, or one with a self-loop, always has a way back.
  const steps: Array<{ from: string; edge: E }> = [closing!];
  for (let at = closing!.from; at !== start; at = cameFrom.get(at)!.from) steps.push(cameFrom.get(at)!);
  steps.reverse();
  return { ids: [start, ...steps.map((step) => step.edge.child)], edges: steps.map((step) => step.edge) };
}

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

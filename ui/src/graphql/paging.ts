/**
 * Cursor paging for connections (`first`, `after` → `pageInfo { hasNextPage endCursor }`):
 * a stack of the cursors of the pages before this one makes "Previous" possible without
 * offsets. Resets to the first page whenever `resetKey` (e.g. the search text) changes.
 */
import { useCallback, useState } from "react";

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface CursorPaging {
  /** The `after` variable of the page shown (null: first page). */
  after: string | null;
  /** 1-based page number. */
  page: number;
  hasPrevious: boolean;
  next(pageInfo: PageInfo | undefined): void;
  previous(): void;
  reset(): void;
}

export function useCursorPaging(resetKey: unknown = null): CursorPaging {
  const [state, setState] = useState<{ key: unknown; stack: Array<string | null> }>({ key: resetKey, stack: [null] });
  // A new search starts again from the first page (state derived during render, no effect).
  let stack = state.stack;
  if (!Object.is(state.key, resetKey)) {
    stack = [null];
    setState({ key: resetKey, stack });
  }
  const next = useCallback((pageInfo: PageInfo | undefined) => {
    if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    const cursor = pageInfo.endCursor;
    setState((s) => ({ ...s, stack: [...s.stack, cursor] }));
  }, []);
  const previous = useCallback(() => setState((s) => ({ ...s, stack: s.stack.length > 1 ? s.stack.slice(0, -1) : s.stack })), []);
  const reset = useCallback(() => setState((s) => ({ ...s, stack: [null] })), []);
  return { after: stack[stack.length - 1], page: stack.length, hasPrevious: stack.length > 1, next, previous, reset };
}

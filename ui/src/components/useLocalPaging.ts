import { useMemo, useState } from "react";
import type { PagerState } from "./Pager";

/**
 * Paging over a plain list the server returns whole (nestedGroups, parentGroups, roles, …):
 * filtered by `search` (case-insensitive, on `textOf`) and shown `pageSize` at a time, so a
 * group with thousands of children renders one page, not thousands of rows. Pass a `textOf`
 * defined outside the component (a stable function).
 */
export function useLocalPaging<T>(items: readonly T[] | undefined, search: string, textOf: (item: T) => string, pageSize = 100) {
  const [state, setState] = useState({ page: 1, search });
  let page = state.page;
  if (state.search !== search) {
    page = 1;
    setState({ page, search });
  }
  const filtered = useMemo(() => {
    const needle = search.toLowerCase();
    return (items ?? []).filter((item) => !needle || textOf(item).toLowerCase().includes(needle));
  }, [items, search, textOf]);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages);
  const paging: PagerState = {
    page: current,
    hasPrevious: current > 1,
    previous: () => setState((s) => ({ ...s, page: Math.max(1, s.page - 1) })),
    next: () => setState((s) => ({ ...s, page: Math.min(pages, s.page + 1) })),
  };
  return { rows: filtered.slice((current - 1) * pageSize, current * pageSize), total: items ? filtered.length : undefined, hasNext: current < pages, paging, pageSize };
}

import type { Page } from "../../common/pagination";
import type { JsonSchema } from "./json-schema";

/** `?per_page&page` of the members routes: 1–25 (default 25); page 0 and 1 are both the first page. */
export const memberPaging: Record<string, JsonSchema> = {
  per_page: { type: "integer", minimum: 1, maximum: 25, default: 25, description: "Page size, 1–25 (default 25)." },
  page: { type: "integer", minimum: 0, default: 0, description: "0 and 1 are both the first page." },
};

/** `?per_page&page` of `/api/users`: 1–100 (default 100), page 1-based (0 is the first page too). */
export const userPaging: Record<string, JsonSchema> = {
  per_page: { type: "integer", minimum: 1, maximum: 100, default: 100, description: "Page size, 1–100 (default 100)." },
  page: { type: "integer", minimum: 0, default: 0, description: "1-based; 0 is the first page too." },
};

/** The zero-based index of the page `?page` asks for. */
export function pageIndex(page: unknown): number {
  return typeof page === "number" && page > 1 ? page - 1 : 0;
}

/**
 * The `index`-th page of a keyset-paginated service list (Gatehouse's lists have cursors; the
 * extension's routes had page numbers): walks the pages before it. An index past the end
 * answers no nodes, with the total.
 */
export async function pageAt<T>(index: number, read: (after: string | undefined) => Promise<Page<T>>): Promise<Page<T>> {
  let page = await read(undefined);
  for (let i = 0; i < index; i++) {
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { ...page, nodes: [] };
    page = await read(page.pageInfo.endCursor);
  }
  return page;
}

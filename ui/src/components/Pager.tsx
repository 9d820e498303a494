import { Button, Group, Text } from "@mantine/core";
import type { PageInfo } from "../graphql/paging";

/** Where a list is and how to move: a cursor paging (useCursorPaging) or a local one (useLocalPaging). */
export interface PagerState {
  page: number;
  hasPrevious: boolean;
  previous(): void;
  next(pageInfo?: PageInfo): void;
}

interface PagerProps {
  paging: PagerState;
  /** The connection's pageInfo (cursor paging); for local paging, `hasNext`. */
  pageInfo?: PageInfo;
  hasNext?: boolean;
  totalCount: number | undefined;
  /** What is counted, plural ("groups"). */
  noun: string;
  pageSize: number;
  fetching?: boolean;
}

/** "1–50 of 120 groups", "1 group", "No groups", "Loading…". */
function statusOf(totalCount: number | undefined, first: number, pageSize: number, noun: string, fetching?: boolean): string {
  if (totalCount === undefined) return fetching ? "Loading…" : "";
  if (totalCount === 0) return `No ${noun}`;
  if (totalCount === 1) return `1 ${noun.replace(/ies$/, "y").replace(/s$/, "")}`;
  return `${first}–${Math.min(first + pageSize - 1, totalCount)} of ${totalCount} ${noun}`;
}

/** "Previous" / "Next" over a list, with where we are in it. */
export function Pager({ paging, pageInfo, hasNext, totalCount, noun, pageSize, fetching }: PagerProps) {
  const first = (paging.page - 1) * pageSize + 1;
  const canNext = hasNext ?? pageInfo?.hasNextPage ?? false;
  const status = statusOf(totalCount, first, pageSize, noun, fetching);
  return (
    <Group justify="space-between" mt={4}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {status}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={paging.previous} disabled={!paging.hasPrevious}>
          Previous
        </Button>
        <Button variant="default" size="xs" onClick={() => paging.next(pageInfo)} disabled={!canNext}>
          Next
        </Button>
      </Group>
    </Group>
  );
}

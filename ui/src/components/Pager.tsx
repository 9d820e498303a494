import { Button, Group, Text } from "@mantine/core";
import type { CursorPaging, PageInfo } from "../graphql/paging";

interface PagerProps {
  paging: CursorPaging;
  pageInfo: PageInfo | undefined;
  totalCount: number | undefined;
  /** What is counted, plural ("groups"). */
  noun: string;
  pageSize: number;
  fetching?: boolean;
}

/** "Previous" / "Next" over a cursor connection, with where we are in it. */
export function Pager({ paging, pageInfo, totalCount, noun, pageSize, fetching }: PagerProps) {
  const first = (paging.page - 1) * pageSize + 1;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {totalCount === undefined
          ? fetching
            ? "Loading…"
            : ""
          : totalCount === 0
            ? `No ${noun}`
            : `${first}–${Math.min(first + pageSize - 1, totalCount)} of ${totalCount} ${noun}`}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={paging.previous} disabled={!paging.hasPrevious}>
          Previous
        </Button>
        <Button variant="default" size="xs" onClick={() => paging.next(pageInfo)} disabled={!pageInfo?.hasNextPage}>
          Next
        </Button>
      </Group>
    </Group>
  );
}

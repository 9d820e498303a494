import { DescriptionText, RemoveCell } from "../../../components/TableCells";
import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "../../../app/router";
import { Pager } from "../../../components/Pager";
import { useLocalPaging } from "../../../components/useLocalPaging";
import { groupPath } from "../paths";
import type { LinkedGroup } from "./links.documents";

const nameOf = (g: LinkedGroup) => g.name;

interface GroupListProps {
  label: string;
  groups: LinkedGroup[] | undefined;
  search: string;
  empty: string;
  /** A remove action per row, when allowed (`removeLabel(g)` names it for screen readers). */
  onRemove?(group: LinkedGroup): void;
  removeLabel?(group: LinkedGroup): string;
  fetching: boolean;
}

/** A table of groups (a plain list from the server), filtered and paged locally, 100 rows a page. */
export function GroupList({ label, groups, search, empty, onRemove, removeLabel, fetching }: GroupListProps) {
  const { rows, total, hasNext, paging, pageSize } = useLocalPaging(groups, search, nameOf);
  return (
    <>
      <Table aria-label={label} aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Direct members
            </Table.Th>
            {onRemove && (
              <Table.Th scope="col">
                <span className="sr-only">Actions</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                <Anchor component={Link} to={groupPath(g.id)}>
                  {g.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <DescriptionText text={g.description} lines={2} />
              </Table.Td>
              <Table.Td ta="right">{g.memberCount}</Table.Td>
              {onRemove && <RemoveCell scope="update:groups" label={removeLabel?.(g)} onRemove={() => onRemove(g)} />}
            </Table.Tr>
          ))}
          {total === 0 && (
            <Table.Tr>
              <Table.Td colSpan={onRemove ? 4 : 3}>
                <Text size="sm" c="dimmed">
                  {search ? `No group name contains “${search}”.` : empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} hasNext={hasNext} totalCount={total} noun="groups" pageSize={pageSize} fetching={fetching} />
    </>
  );
}

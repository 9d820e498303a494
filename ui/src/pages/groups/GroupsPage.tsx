import { DescriptionText } from "../../components/TableCells";
import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Pager } from "../../components/Pager";
import { ScopedButton } from "../../components/ScopedButton";
import { SearchField } from "../../components/SearchField";
import { useCursorPaging } from "../../graphql/paging";
import { CreateGroupDialog } from "./CreateGroupDialog";
import { GroupsQuery } from "./groups.documents";

const PAGE_SIZE = 50;

/** /admin/groups: every group, searched and paged on the server (cursor, 50 a page). */
export function GroupsPage() {
  const [search, setSearch] = useState("");
  const paging = useCursorPaging(search);
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }] = useQuery({ query: GroupsQuery, variables: { search: search || null, first: PAGE_SIZE, after: paging.after } });
  const groups = data?.groups;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Groups</Title>
        <ScopedButton scope="create:groups" onClick={() => setCreating(true)}>
          Create group
        </ScopedButton>
      </Group>
      <SearchField onSearch={setSearch} placeholder="Part of a group name" />
      <ErrorPanel error={error} />
      <Table aria-label="Groups" aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Direct members
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups?.nodes.map((group) => (
            <Table.Tr key={group.id}>
              <Table.Td>
                <Anchor component={Link} to={`/groups/${encodeURIComponent(group.id)}`}>
                  {group.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <DescriptionText text={group.description} lines={2} />
              </Table.Td>
              <Table.Td ta="right">{group.memberCount}</Table.Td>
            </Table.Tr>
          ))}
          {groups && groups.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text c="dimmed" size="sm">
                  {search ? `No group name contains “${search}”.` : "There are no groups yet."}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={groups?.pageInfo} totalCount={groups?.totalCount} noun="groups" pageSize={PAGE_SIZE} fetching={fetching} />
      {creating && <CreateGroupDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

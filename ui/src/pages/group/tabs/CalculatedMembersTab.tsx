import { Anchor, Code, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "urql";
import { Link } from "../../../app/router";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { OptionalText } from "../../../components/HiddenValue";
import { Pager } from "../../../components/Pager";
import { blockingErrorsOf, hiddenFieldsOf } from "../../../graphql/errors";
import { useCursorPaging } from "../../../graphql/paging";
import { useViewer } from "../../../graphql/viewer";
import { groupPath, type GroupTabProps } from "../paths";
import { CalculatedMembersQuery } from "./links.documents";

const PAGE_SIZE = 50;

/** Members of the group and of every descendant: one row per (user, group it comes through). */
export function CalculatedMembersTab({ group }: GroupTabProps) {
  const { can } = useViewer();
  const paging = useCursorPaging();
  const [{ data, error, fetching }] = useQuery({ query: CalculatedMembersQuery, variables: { id: group.id, first: PAGE_SIZE, after: paging.after } });
  const connection = data?.group?.calculatedMembers;
  const hidden = hiddenFieldsOf(error);
  const hiddenScope = (field: string) => hidden.get(field) ?? (!can("read:users") ? "read:users" : undefined);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Everyone who is a member of {group.name} directly or through a nested group. Each row is a (user, group) pair: a user who is a member through two groups is listed twice,
        once with each group.
      </Text>
      <ErrorPanel errors={blockingErrorsOf(error, ["email", "name"])} />
      <Table aria-label={`Calculated members of ${group.name}`} aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">User id</Table.Th>
            <Table.Th scope="col">E-mail</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Member through</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connection?.nodes.map(({ user, group: through }) => (
            <Table.Tr key={`${user.id}\u0000${through.id}`}>
              <Table.Td>
                <Code>{user.id}</Code>
              </Table.Td>
              <Table.Td>
                <OptionalText value={user.email} hidden={hiddenScope("email")} />
              </Table.Td>
              <Table.Td>
                <OptionalText value={user.name} hidden={hiddenScope("name")} />
              </Table.Td>
              <Table.Td>
                {through.id === group.id ? (
                  <Text size="sm">{through.name} (directly)</Text>
                ) : (
                  <Anchor component={Link} to={groupPath(through.id)} size="sm">
                    {through.name}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {connection && connection.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text size="sm" c="dimmed">
                  Nobody is a member of {group.name} or of a group nested in it.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={connection?.pageInfo} totalCount={connection?.totalCount} noun="(user, group) pairs" pageSize={PAGE_SIZE} fetching={fetching} />
    </Stack>
  );
}

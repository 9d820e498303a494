import { Alert, Anchor, Code, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { OptionalText } from "../../components/HiddenValue";
import { Pager } from "../../components/Pager";
import { SearchField } from "../../components/SearchField";
import { blockingErrorsOf, hiddenFieldsOf } from "../../graphql/errors";
import { useCursorPaging } from "../../graphql/paging";
import { useViewer } from "../../graphql/viewer";
import { UsersListQuery } from "./users.documents";

const PAGE_SIZE = 50;
/** Fields a session may be refused one by one (FORBIDDEN beside partial data): shown as hidden. */
const PROFILE_FIELDS = ["name", "email", "connection"];

/** /admin/users: every user, searched (id, e-mail, name) and paged on the server (cursor, 50 a page). */
export function UsersPage() {
  const { can } = useViewer();
  const allowed = can("read:users");
  const [search, setSearch] = useState("");
  const paging = useCursorPaging(search);
  const [{ data, error, fetching }] = useQuery({
    query: UsersListQuery,
    variables: { search: search || null, first: PAGE_SIZE, after: paging.after },
    pause: !allowed,
  });
  const users = data?.users;
  const hidden = hiddenFieldsOf(error);

  return (
    <Stack gap="md">
      <Title order={1}>Users</Title>
      <Text size="sm" c="dimmed" maw={720}>
        Users are created by an{" "}
        <Anchor component={Link} to="/import-export" size="sm">
          import
        </Anchor>{" "}
        or a bulk upsert, or as stubs the first time a group or role names their id. Open one to see its groups, roles and why it holds them; roles and permissions are defined per{" "}
        <Anchor component={Link} to="/applications" size="sm">
          application
        </Anchor>
        .
      </Text>
      {!allowed ? (
        <Alert color="gray" title="Listing users needs read:users" role="status" maw={720}>
          <Text size="sm">
            This session does not carry the <Code>read:users</Code> scope, so no user, e-mail or name can be shown. Ask for a login link with that scope (
            <Code>gatehouse admin login-link --scopes &quot;read:users …&quot;</Code>).
          </Text>
        </Alert>
      ) : (
        <>
          <SearchField onSearch={setSearch} placeholder="Part of a user id, e-mail or name" />
          <ErrorPanel errors={blockingErrorsOf(error, PROFILE_FIELDS)} />
          <Table aria-label="Users" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">User id</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Connection</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users?.nodes.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/users/${encodeURIComponent(user.id)}`} size="sm" ff="monospace">
                      {user.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <OptionalText value={user.name} hidden={hidden.get("name")} />
                  </Table.Td>
                  <Table.Td>
                    <OptionalText value={user.email} hidden={hidden.get("email")} />
                  </Table.Td>
                  <Table.Td>
                    <OptionalText value={user.connection} hidden={hidden.get("connection")} />
                  </Table.Td>
                </Table.Tr>
              ))}
              {users && users.nodes.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" size="sm">
                      {search
                        ? `No user id, e-mail or name contains “${search}”.`
                        : "There are no users yet. Import some (Import / Export), upsert them through the API, or add an id to a group."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Pager paging={paging} pageInfo={users?.pageInfo} totalCount={users?.totalCount} noun="users" pageSize={PAGE_SIZE} fetching={fetching} />
        </>
      )}
    </Stack>
  );
}

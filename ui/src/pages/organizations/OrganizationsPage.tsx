import { Anchor, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Pager } from "../../components/Pager";
import { ScopedButton } from "../../components/ScopedButton";
import { ScopeNotice } from "../../components/ScopeNotice";
import { SearchField } from "../../components/SearchField";
import { useCursorPaging } from "../../graphql/paging";
import { useViewer } from "../../graphql/viewer";
import { organizationPath } from "../organization/paths";
import { CreateOrganizationDialog } from "./CreateOrganizationDialog";
import { OrganizationsQuery } from "./organizations.documents";

const PAGE_SIZE = 50;

/** /admin/organizations: every organization (DESIGN §12), searched and paged on the server (cursor, 50 a page). */
export function OrganizationsPage() {
  const { can } = useViewer();
  const readable = can("read:organizations");
  const [search, setSearch] = useState("");
  const paging = useCursorPaging(search);
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }] = useQuery({ query: OrganizationsQuery, variables: { search: search || null, first: PAGE_SIZE, after: paging.after }, pause: !readable });
  const organizations = data?.organizations;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1}>Organizations</Title>
          <Text size="sm" c="dimmed">
            Customer tenants: a login made for one carries its id and name, and only the roles its member holds there.
          </Text>
        </Stack>
        <ScopedButton scope="create:organizations" onClick={() => setCreating(true)}>
          Create organization
        </ScopedButton>
      </Group>
      {!readable ? (
        <ScopeNotice scopes={["read:organizations"]} what="Listing organizations" />
      ) : (
        <>
          <SearchField onSearch={setSearch} placeholder="Part of a name or display name" />
          <ErrorPanel error={error} />
          <Table aria-label="Organizations" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Display name</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Id</Table.Th>
                <Table.Th scope="col" ta="right">
                  Members
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {organizations?.nodes.map((organization) => (
                <Table.Tr key={organization.id}>
                  <Table.Td>
                    <Anchor component={Link} to={organizationPath(organization.id)}>
                      {organization.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{organization.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{organization.id}</Code>
                  </Table.Td>
                  <Table.Td ta="right">{organization.members.totalCount}</Table.Td>
                </Table.Tr>
              ))}
              {organizations && organizations.nodes.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" size="sm">
                      {search ? `No organization's name or display name contains “${search}”.` : "There are no organizations yet."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Pager paging={paging} pageInfo={organizations?.pageInfo} totalCount={organizations?.totalCount} noun="organizations" pageSize={PAGE_SIZE} fetching={fetching} />
        </>
      )}
      {creating && <CreateOrganizationDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

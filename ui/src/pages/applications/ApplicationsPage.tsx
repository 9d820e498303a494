import { Anchor, Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Pager } from "../../components/Pager";
import { ScopedButton } from "../../components/ScopedButton";
import { SearchField } from "../../components/SearchField";
import { useCursorPaging } from "../../graphql/paging";
import { ApplicationsQuery } from "./applications.documents";
import { CreateApplicationDialog } from "./CreateApplicationDialog";
import { applicationHref, typeLabel } from "./types";

const PAGE_SIZE = 50;

/** /admin/applications: every application, searched (name and client id) and paged on the server. */
export function ApplicationsPage() {
  const [search, setSearch] = useState("");
  const paging = useCursorPaging(search);
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }] = useQuery({ query: ApplicationsQuery, variables: { search: search || null, first: PAGE_SIZE, after: paging.after } });
  const applications = data?.applications;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Applications</Title>
        <ScopedButton scope="update:applications" onClick={() => setCreating(true)}>
          Create application
        </ScopedButton>
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        An application is a client of the identity provider, known by its client id. Roles and permissions belong to one application; a login asks for the roles the user holds for
        it.
      </Text>
      <SearchField onSearch={setSearch} placeholder="Part of a name or client id" />
      <ErrorPanel error={error} />
      <Table aria-label="Applications" aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Client id</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Required roles</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {applications?.nodes.map((application) => (
            <Table.Tr key={application.id}>
              <Table.Td>
                <Anchor component={Link} to={applicationHref(application.id)}>
                  {application.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {application.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">{typeLabel(application.type)}</Text>
                  {!application.supported && (
                    <Badge color="gray" variant="light" size="sm">
                      no roles
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={application.requiredRoles.length ? undefined : "dimmed"}>
                  {application.requiredRoles.join(", ") || "—"}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
          {applications && applications.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text c="dimmed" size="sm">
                  {search ? `No application name or client id contains “${search}”.` : "There are no applications yet."}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={applications?.pageInfo} totalCount={applications?.totalCount} noun="applications" pageSize={PAGE_SIZE} fetching={fetching} />
      {creating && <CreateApplicationDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

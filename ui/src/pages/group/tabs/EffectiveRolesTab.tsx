import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link } from "../../../app/router";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { HiddenValue } from "../../../components/HiddenValue";
import { ScopeNotice } from "../../../components/ScopeNotice";
import { Pager } from "../../../components/Pager";
import { SearchField } from "../../../components/SearchField";
import { useLocalPaging } from "../../../components/useLocalPaging";
import { useViewer } from "../../../graphql/viewer";
import { groupPath, type GroupTabProps } from "../paths";
import { GroupEffectiveRolesQuery, type EffectiveRoleRow } from "./roles.documents";

const rowText = (r: EffectiveRoleRow) => `${r.role.name} ${r.role.application?.name ?? ""} ${r.group.name}`;

/** The group's own roles and those inherited from its ancestors, each with the group it comes from. */
export function EffectiveRolesTab({ group }: GroupTabProps) {
  const [search, setSearch] = useState("");
  const { can } = useViewer();
  const readable = can("read:roles");
  const [{ data, error, fetching }] = useQuery({ query: GroupEffectiveRolesQuery, variables: { id: group.id, withApplication: can("read:applications") }, pause: !readable });
  const { rows, total, hasNext, paging, pageSize } = useLocalPaging(data?.group?.effectiveRoles, search, rowText);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        What members of {group.name} get: its own roles and those of every group it is nested in, directly or further up.
      </Text>
      {readable && <SearchField onSearch={setSearch} placeholder="Role, application or group name" />}
      {!readable && <ScopeNotice scopes={["read:roles"]} what="Listing roles" />}
      <ErrorPanel error={error} />
      {readable && (
        <Table aria-label={`Effective roles of ${group.name}`} aria-busy={fetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Application</Table.Th>
              <Table.Th scope="col">From group</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ role, group: from }) => (
              <Table.Tr key={`${role.id}\u0000${from.id}`}>
                <Table.Td>{role.name}</Table.Td>
                <Table.Td>{role.application?.name ?? <HiddenValue scope="read:applications" />}</Table.Td>
                <Table.Td>
                  {from.id === group.id ? (
                    <Text size="sm">{from.name} (own role)</Text>
                  ) : (
                    <Anchor component={Link} to={groupPath(from.id)} size="sm">
                      {from.name}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {total === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="sm" c="dimmed">
                    {search ? `Nothing matches “${search}”.` : `Neither ${group.name} nor any group above it has roles.`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      {readable && <Pager paging={paging} hasNext={hasNext} totalCount={total} noun="role assignments" pageSize={pageSize} fetching={fetching} />}
    </Stack>
  );
}

import { DescriptionText, RemoveCell } from "../../../components/TableCells";
import { Code, Group, Stack, Table, Text } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { HiddenValue } from "../../../components/HiddenValue";
import { Pager } from "../../../components/Pager";
import { Picker, type PickerOutcome } from "../../../components/Picker";
import { ScopedButton } from "../../../components/ScopedButton";
import { ScopeNotice } from "../../../components/ScopeNotice";
import { SearchField } from "../../../components/SearchField";
import { useLocalPaging } from "../../../components/useLocalPaging";
import { useViewer } from "../../../graphql/viewer";
import type { GroupTabProps } from "../paths";
import { AddGroupRolesMutation, GroupRolesQuery, PickRolesQuery, RemoveGroupRolesMutation, type RoleRow } from "./roles.documents";

const roleText = (r: RoleRow) => `${r.name} ${r.application?.name ?? ""}`;
const appName = (r: RoleRow) => r.application?.name ?? <HiddenValue scope="read:applications" />;

/** Roles assigned to the group itself (inherited ones: Effective roles). */
export function RolesTab({ group }: GroupTabProps) {
  const { can } = useViewer();
  const [search, setSearch] = useState("");
  const readable = can("read:roles");
  const withApplication = can("read:applications");
  const [{ data, error, fetching }] = useQuery({ query: GroupRolesQuery, variables: { id: group.id, withApplication }, pause: !readable });
  const [, addRoles] = useMutation(AddGroupRolesMutation);
  const [removal, removeRoles] = useMutation(RemoveGroupRolesMutation);
  const [picking, setPicking] = useState(false);
  const roles = data?.group?.roles;
  const { rows, total, hasNext, paging, pageSize } = useLocalPaging(roles, search, roleText);
  const assigned = useMemo(() => new Set((roles ?? []).map((r) => r.id)), [roles]);
  const isAssigned = useCallback((r: RoleRow) => assigned.has(r.id), [assigned]);

  const add = async (ids: string[]): Promise<PickerOutcome> => {
    const result = await addRoles({ groupId: group.id, roleIds: ids });
    return result.error ? { kind: "error", error: result.error } : { kind: "done" };
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Roles apply to the members of {group.name} and of every group nested in it, for the role&rsquo;s application only.
      </Text>
      <Group justify="space-between" align="flex-end">
        {readable ? <SearchField onSearch={setSearch} placeholder="Role or application name" /> : <span />}
        <ScopedButton scope="update:groups" onClick={() => setPicking(true)}>
          Add roles
        </ScopedButton>
      </Group>
      {!readable && <ScopeNotice scopes={["read:roles"]} what="Listing roles" />}
      <ErrorPanel error={error} />
      <ErrorPanel error={removal.error} />
      {readable && (
        <Table aria-label={`Roles of ${group.name}`} aria-busy={fetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Application</Table.Th>
              <Table.Th scope="col">Description</Table.Th>
              <Table.Th scope="col">
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((role) => (
              <Table.Tr key={role.id}>
                <Table.Td>{role.name}</Table.Td>
                <Table.Td>{appName(role)}</Table.Td>
                <Table.Td>
                  <DescriptionText text={role.description} lines={2} />
                </Table.Td>
                <RemoveCell scope="update:groups" label={`Remove role ${role.name} from ${group.name}`} onRemove={() => removeRoles({ groupId: group.id, roleIds: [role.id] })} />
              </Table.Tr>
            ))}
            {total === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    {search ? `No role matches “${search}”.` : `${group.name} has no roles of its own.`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      {readable && <Pager paging={paging} hasNext={hasNext} totalCount={total} noun="roles" pageSize={pageSize} fetching={fetching} />}
      {picking && (
        <Picker
          title={`Add roles to ${group.name}`}
          onClose={() => setPicking(false)}
          query={PickRolesQuery}
          variables={(page) => ({ ...page, withApplication })}
          connection={(d) => d.roles}
          idOf={(r) => r.id}
          labelOf={(r) => (r.application ? `${r.name} (${r.application.name})` : r.name)}
          isAssigned={isAssigned}
          excludedReason={`already roles of ${group.name}`}
          noun="roles"
          columns={[
            { header: "Role", cell: (r) => r.name },
            { header: "Application", cell: appName },
            { header: "Id", cell: (r) => <Code>{r.id}</Code> },
          ]}
          onAdd={add}
        />
      )}
    </Stack>
  );
}

import { Anchor, Badge, Button, CloseButton, Code, Group, Stack, Table, Text } from "@mantine/core";
import type { CombinedError } from "@urql/core";
import { useCallback, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { Link } from "../../../app/router";
import { ErrorPanel } from "../../../components/ErrorPanel";
import {
  GrantWindowNote,
  GrantWindowText,
  NO_WINDOW,
  ShowInactiveSwitch,
  WINDOW_FIELDS,
  WindowInputs,
  windowVariables,
  type WindowInputValue,
} from "../../../components/GrantWindow";
import { HiddenValue, OptionalText } from "../../../components/HiddenValue";
import { Pager } from "../../../components/Pager";
import { Picker, type PickerOutcome } from "../../../components/Picker";
import { ScopedButton } from "../../../components/ScopedButton";
import { SearchField } from "../../../components/SearchField";
import { addUsersAskingAboutStubs } from "../../../components/stubUsers";
import { RemoveCell } from "../../../components/TableCells";
import { blockingErrorsOf, hiddenFieldsOf } from "../../../graphql/errors";
import { useCursorPaging } from "../../../graphql/paging";
import { useViewer } from "../../../graphql/viewer";
import type { OrganizationTabProps } from "../paths";
import {
  AddOrganizationMemberRolesMutation,
  AddOrganizationMembersMutation,
  OrganizationMembersQuery,
  PickOrganizationRolesQuery,
  PickOrganizationUsersQuery,
  RemoveOrganizationMemberRolesMutation,
  RemoveOrganizationMembersMutation,
  type OrganizationMemberRow,
  type OrganizationUserChoice,
  type RoleChoice,
} from "./members.documents";

const PAGE_SIZE = 50;
const USER_FIELDS = ["email", "name"];
const UPDATE = "update:organizations";

const roleLabel = (r: { name: string; application?: { name: string } }) => (r.application ? `${r.name} (${r.application.name})` : r.name);

/** Members with their roles here: search and paging on the server, "Add members" (user picker), per member "Add roles" (role picker), remove. */
export function MembersTab({ organization }: OrganizationTabProps) {
  const { can } = useViewer();
  const client = useClient();
  const [search, setSearch] = useState("");
  const [includeInactive, setIncludeInactive] = useState(false);
  const paging = useCursorPaging(`${includeInactive}:${search}`);
  const withRoles = can("read:roles");
  const withApplication = can("read:applications");
  const [{ data, error, fetching }] = useQuery({
    query: OrganizationMembersQuery,
    variables: { id: organization.id, search: search || null, first: PAGE_SIZE, after: paging.after, withRoles, withApplication, includeInactive },
  });
  const [, addMembers] = useMutation(AddOrganizationMembersMutation);
  const [removal, removeMembers] = useMutation(RemoveOrganizationMembersMutation);
  const [, addRoles] = useMutation(AddOrganizationMemberRolesMutation);
  const [roleRemoval, removeRoles] = useMutation(RemoveOrganizationMemberRolesMutation);
  const [picking, setPicking] = useState(false);
  const [rolesFor, setRolesFor] = useState<OrganizationMemberRow | null>(null);
  const [grantWindow, setGrantWindow] = useState<WindowInputValue>(NO_WINDOW);
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const members = data?.organization?.memberGrants;
  const hidden = hiddenFieldsOf(error);
  const hiddenScope = (field: string) => hidden.get(field) ?? (!can("read:users") ? "read:users" : undefined);
  const isMember = useCallback((user: OrganizationUserChoice) => user.organizations.some((o) => o.organization.id === organization.id), [organization.id]);
  // Active roles are not offered again; an inactive one may be (adding it again sets its window).
  const heldIds = new Set((rolesFor?.roleGrants ?? []).filter((g) => g.active).map((g) => g.role.id));
  const isHeld = (r: RoleChoice) => heldIds.has(r.id);

  const add = async (ids: string[], known: Map<string, string>): Promise<PickerOutcome> => {
    const commit = async (): Promise<PickerOutcome> => {
      const result = await addMembers({ organizationId: organization.id, userIds: ids, ...windowVariables(grantWindow) });
      setAddError(result.error ?? null);
      return result.error ? { kind: "error", error: result.error } : { kind: "done" };
    };
    return addUsersAskingAboutStubs(client, ids, known, commit);
  };

  const addMemberRoles = async (ids: string[]): Promise<PickerOutcome> => {
    if (!rolesFor) return { kind: "done" };
    const result = await addRoles({ organizationId: organization.id, userId: rolesFor.user.id, roleIds: ids, ...windowVariables(grantWindow) });
    setAddError(result.error ?? null);
    return result.error ? { kind: "error", error: result.error } : { kind: "done" };
  };

  const allowed = can(UPDATE);
  const openPicker = (open: () => void) => {
    setGrantWindow(NO_WINDOW);
    setAddError(null);
    open();
  };
  const windowInputs = (what: string) => (
    <WindowInputs
      value={grantWindow}
      onChange={(value) => {
        setGrantWindow(value);
        setAddError(null);
      }}
      error={addError}
      what={what}
    />
  );
  const roleName = (r: RoleChoice) => r.application?.name ?? r.applicationId;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A login made for {organization.displayName} is granted only to its members, and carries the roles they hold here
        {withRoles ? "" : " (listing them needs read:roles)"}.
      </Text>
      <Group justify="space-between" align="flex-end">
        <SearchField onSearch={setSearch} placeholder={can("read:users") ? "User id, e-mail or name" : "User id"} />
        <Group gap="md" align="center">
          <ShowInactiveSwitch checked={includeInactive} onChange={setIncludeInactive} />
          <ScopedButton scope={UPDATE} onClick={() => openPicker(() => setPicking(true))}>
            Add members
          </ScopedButton>
        </Group>
      </Group>
      <ErrorPanel errors={blockingErrorsOf(error, USER_FIELDS)} />
      <ErrorPanel error={removal.error} />
      <ErrorPanel error={roleRemoval.error} />
      <Table aria-label={`Members of ${organization.displayName}`} aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">User id</Table.Th>
            <Table.Th scope="col">E-mail</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Window</Table.Th>
            <Table.Th scope="col">Roles here</Table.Th>
            <Table.Th scope="col">
              <span className="sr-only">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members?.nodes.map((member) => (
            <Table.Tr key={member.user.id}>
              <Table.Td>
                <Anchor component={Link} to={`/users/${encodeURIComponent(member.user.id)}`} size="sm" ff="monospace">
                  {member.user.id}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <OptionalText value={member.user.email} hidden={hiddenScope("email")} />
              </Table.Td>
              <Table.Td>
                <OptionalText value={member.user.name} hidden={hiddenScope("name")} />
              </Table.Td>
              <Table.Td>
                <GrantWindowText grant={member} />
              </Table.Td>
              <Table.Td>
                {!member.roleGrants ? (
                  <HiddenValue scope="read:roles" />
                ) : (
                  <Group gap={6}>
                    <Group gap={6} align="flex-start" role="list" aria-label={`Roles of ${member.user.id}`}>
                      {member.roleGrants.map(({ role, ...grant }) => (
                        <Stack key={role.id} role="listitem" gap={2} align="flex-start" className="grant-role">
                          <Badge
                            variant="light"
                            color={grant.active ? undefined : "gray"}
                            radius="sm"
                            tt="none"
                            fw={500}
                            size="lg"
                            pr={allowed ? 4 : undefined}
                            rightSection={
                              allowed ? (
                                <CloseButton
                                  size="xs"
                                  aria-label={`Remove role ${role.name} from ${member.user.id}`}
                                  onClick={() => removeRoles({ organizationId: organization.id, userId: member.user.id, roleIds: [role.id] })}
                                />
                              ) : undefined
                            }
                          >
                            {roleLabel(role)}
                          </Badge>
                          <GrantWindowNote grant={grant} />
                        </Stack>
                      ))}
                      {member.roleGrants.length === 0 && (
                        <Text size="sm" c="dimmed" role="listitem">
                          none
                        </Text>
                      )}
                    </Group>
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => openPicker(() => setRolesFor(member))}
                      disabled={!allowed}
                      title={allowed ? undefined : `needs ${UPDATE}`}
                    >
                      Add roles
                    </Button>
                  </Group>
                )}
              </Table.Td>
              <RemoveCell
                scope={UPDATE}
                label={`Remove ${member.user.id} from ${organization.displayName}`}
                onRemove={() => removeMembers({ organizationId: organization.id, userIds: [member.user.id] })}
              />
            </Table.Tr>
          ))}
          {members && members.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  {search ? `No member matches “${search}”.` : `${organization.displayName} has no members yet.`}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={members?.pageInfo} totalCount={members?.totalCount} noun="members" pageSize={PAGE_SIZE} fetching={fetching} />
      {picking && (
        <Picker
          title={`Add members to ${organization.displayName}`}
          onClose={() => setPicking(false)}
          query={PickOrganizationUsersQuery}
          variables={(page) => page}
          connection={(d) => d.users}
          idOf={(u) => u.id}
          labelOf={(u) => u.id}
          isAssigned={isMember}
          excludedReason="already members"
          noun="users"
          columns={[
            { header: "User id", cell: (u) => <Code>{u.id}</Code> },
            { header: "E-mail", cell: (u) => <OptionalText value={u.email} /> },
            { header: "Name", cell: (u) => <OptionalText value={u.name} /> },
          ]}
          onAdd={add}
          extra={windowInputs("the memberships")}
          errorFields={WINDOW_FIELDS}
        />
      )}
      {rolesFor && (
        <Picker
          title={`Add roles to ${rolesFor.user.id} in ${organization.displayName}`}
          onClose={() => setRolesFor(null)}
          query={PickOrganizationRolesQuery}
          variables={(page) => ({ ...page, withApplication })}
          connection={(d) => d.roles}
          idOf={(r) => r.id}
          labelOf={(r) => `${r.name} (${roleName(r)})`}
          isAssigned={isHeld}
          excludedReason={`already held by ${rolesFor.user.id} here`}
          noun="roles"
          columns={[
            { header: "Role", cell: (r) => r.name },
            { header: "Application", cell: (r) => roleName(r) },
            { header: "Id", cell: (r) => <Code>{r.id}</Code> },
          ]}
          onAdd={addMemberRoles}
          extra={windowInputs("the roles (while the membership counts too)")}
          errorFields={WINDOW_FIELDS}
        />
      )}
    </Stack>
  );
}

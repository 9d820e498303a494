import { RemoveCell } from "../../../components/TableCells";
import { Code, Group, Stack, Table, Text } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { GrantWindowText, NO_WINDOW, ShowInactiveSwitch, WINDOW_FIELDS, WindowInputs, windowVariables, type WindowInputValue } from "../../../components/GrantWindow";
import { OptionalText } from "../../../components/HiddenValue";
import { Pager } from "../../../components/Pager";
import { Picker, type PickerOutcome } from "../../../components/Picker";
import { ScopedButton } from "../../../components/ScopedButton";
import { SearchField } from "../../../components/SearchField";
import { addUsersAskingAboutStubs } from "../../../components/stubUsers";
import { blockingErrorsOf, hiddenFieldsOf } from "../../../graphql/errors";
import { useCursorPaging } from "../../../graphql/paging";
import { useViewer } from "../../../graphql/viewer";
import type { GroupTabProps } from "../paths";
import type { CombinedError } from "@urql/core";
import {
  AddGroupMembersMutation,
  GroupMemberGrantsQuery,
  GroupMembersSearchQuery,
  PickUsersQuery,
  RemoveGroupMembersMutation,
  type MemberGrantRow,
  type UserChoice,
} from "./members.documents";

const PAGE_SIZE = 50;
const USER_FIELDS = ["email", "name", "connection"];

/**
 * Direct members with their windows (memberGrants; "Show inactive grants" lists pending and expired
 * ones too): search and paging on the server, "Add members" (picker, with an optional window), remove.
 * A search goes through `members` (memberGrants takes no search), so it lists active members only.
 */
export function MembersTab({ group }: GroupTabProps) {
  const { can } = useViewer();
  const client = useClient();
  const [search, setSearch] = useState("");
  const [includeInactive, setIncludeInactive] = useState(false);
  const paging = useCursorPaging(`${includeInactive}:${search}`);
  const [grantsAnswer] = useQuery({
    query: GroupMemberGrantsQuery,
    variables: { id: group.id, first: PAGE_SIZE, after: paging.after, includeInactive },
    pause: Boolean(search),
  });
  const [searchAnswer] = useQuery({ query: GroupMembersSearchQuery, variables: { id: group.id, search, first: PAGE_SIZE, after: paging.after }, pause: !search });
  const { error, fetching } = search ? searchAnswer : grantsAnswer;
  const [, addMembers] = useMutation(AddGroupMembersMutation);
  const [removal, removeMembers] = useMutation(RemoveGroupMembersMutation);
  const [picking, setPicking] = useState(false);
  const [grantWindow, setGrantWindow] = useState<WindowInputValue>(NO_WINDOW);
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const members = useMemo(() => {
    if (search) {
      const page = searchAnswer.data?.group?.members;
      if (!page) return undefined;
      const nodes: MemberGrantRow[] = page.nodes.map(({ groupGrants, ...user }) => {
        const grant = groupGrants.find((g) => g.group.id === group.id);
        return { user, validFrom: grant?.validFrom ?? null, expiresAt: grant?.expiresAt ?? null, active: grant?.active ?? true };
      });
      return { ...page, nodes };
    }
    return grantsAnswer.data?.group?.memberGrants;
  }, [search, searchAnswer.data, grantsAnswer.data, group.id]);
  const hidden = hiddenFieldsOf(error);
  const hiddenScope = (field: string) => hidden.get(field) ?? (!can("read:users") ? "read:users" : undefined);
  const isAssigned = useCallback((user: UserChoice) => user.groups.some((g) => g.id === group.id), [group.id]);

  const add = async (ids: string[], known: Map<string, string>): Promise<PickerOutcome> => {
    const commit = async (): Promise<PickerOutcome> => {
      const result = await addMembers({ groupId: group.id, userIds: ids, ...windowVariables(grantWindow) });
      setAddError(result.error ?? null);
      return result.error ? { kind: "error", error: result.error } : { kind: "done" };
    };
    return addUsersAskingAboutStubs(client, ids, known, commit);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        {/* Without read:users the server matches ids only (e-mails and names it may not read stay unsearchable). */}
        <SearchField onSearch={setSearch} placeholder={can("read:users") ? "User id, e-mail or name" : "User id"} />
        <Group gap="md" align="center">
          <ShowInactiveSwitch checked={includeInactive} onChange={setIncludeInactive} />
          <ScopedButton
            scope="update:groups"
            onClick={() => {
              setGrantWindow(NO_WINDOW);
              setAddError(null);
              setPicking(true);
            }}
          >
            Add members
          </ScopedButton>
        </Group>
      </Group>
      {search && includeInactive && (
        <Text size="xs" c="dimmed">
          A search lists active members only; clear it to see pending and expired grants too.
        </Text>
      )}
      <ErrorPanel errors={blockingErrorsOf(error, USER_FIELDS)} />
      <ErrorPanel error={removal.error} />
      <Table aria-label={`Members of ${group.name}`} aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">User id</Table.Th>
            <Table.Th scope="col">E-mail</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Connection</Table.Th>
            <Table.Th scope="col">Window</Table.Th>
            <Table.Th scope="col">
              <span className="sr-only">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members?.nodes.map(({ user, ...grant }) => (
            <Table.Tr key={user.id}>
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
                <OptionalText value={user.connection} hidden={hiddenScope("connection")} />
              </Table.Td>
              <Table.Td>
                <GrantWindowText grant={grant} />
              </Table.Td>
              <RemoveCell scope="update:groups" label={`Remove ${user.id} from ${group.name}`} onRemove={() => removeMembers({ groupId: group.id, userIds: [user.id] })} />
            </Table.Tr>
          ))}
          {members && members.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  {search ? `No member matches “${search}”.` : includeInactive ? "This group has no direct members, active or not." : "This group has no active direct members."}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={members?.pageInfo} totalCount={members?.totalCount} noun="members" pageSize={PAGE_SIZE} fetching={fetching} />
      {picking && (
        <Picker
          title={`Add members to ${group.name}`}
          onClose={() => setPicking(false)}
          query={PickUsersQuery}
          variables={(page) => page}
          connection={(d) => d.users}
          idOf={(u) => u.id}
          labelOf={(u) => u.id}
          isAssigned={isAssigned}
          excludedReason="already members"
          noun="users"
          columns={[
            { header: "User id", cell: (u) => <Code>{u.id}</Code> },
            { header: "E-mail", cell: (u) => <OptionalText value={u.email} /> },
            { header: "Name", cell: (u) => <OptionalText value={u.name} /> },
          ]}
          onAdd={add}
          extra={
            <WindowInputs
              value={grantWindow}
              onChange={(value) => {
                setGrantWindow(value);
                setAddError(null);
              }}
              error={addError}
              what="the memberships"
            />
          }
          errorFields={WINDOW_FIELDS}
        />
      )}
    </Stack>
  );
}

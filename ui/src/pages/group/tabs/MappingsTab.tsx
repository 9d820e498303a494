import { RemoveCell } from "../../../components/TableCells";
import { Button, Code, Group, Modal, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { Pager } from "../../../components/Pager";
import { ScopedButton } from "../../../components/ScopedButton";
import { SearchField } from "../../../components/SearchField";
import { useLocalPaging } from "../../../components/useLocalPaging";
import { fieldErrorOf, formErrorsOf } from "../../../graphql/errors";
import type { GroupTabProps } from "../paths";
import { AddGroupMappingsMutation, GroupMappingsQuery, RemoveGroupMappingsMutation, type MappingRow } from "./roles.documents";

const mappingText = (m: MappingRow) => `${m.connectionName} ${m.groupName}`;

function AddMappingDialog({ groupId, groupName, onClose }: { groupId: string; groupName: string; onClose(): void }) {
  const [connectionName, setConnectionName] = useState("");
  const [groupNameInput, setGroupNameInput] = useState("");
  const [result, addMappings] = useMutation(AddGroupMappingsMutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const answer = await addMappings({ groupId, mappings: [{ connectionName: connectionName.trim(), groupName: groupNameInput }] });
    if (answer.data) onClose();
  };
  return (
    <Modal opened onClose={onClose} title={`Add a mapping to ${groupName}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Users who log in through this connection and whose identity provider sends this group are members of {groupName} for that login.
          </Text>
          <TextInput
            label="Connection"
            description="The identity provider connection, e.g. corp-ad"
            value={connectionName}
            onChange={(e) => setConnectionName(e.currentTarget.value)}
            error={fieldErrorOf(error, "connectionName")}
            data-autofocus
          />
          <TextInput
            label="IdP group"
            description="The group name exactly as the identity provider sends it (case-sensitive)"
            value={groupNameInput}
            onChange={(e) => setGroupNameInput(e.currentTarget.value)}
            error={fieldErrorOf(error, "groupName")}
          />
          <ErrorPanel errors={formErrorsOf(error, ["connectionName", "groupName"])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Identity-provider groups that make their users members of this group at login. */
export function MappingsTab({ group }: GroupTabProps) {
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const [{ data, error, fetching }] = useQuery({ query: GroupMappingsQuery, variables: { id: group.id } });
  const [removal, removeMappings] = useMutation(RemoveGroupMappingsMutation);
  const { rows, total, hasNext, paging, pageSize } = useLocalPaging(data?.group?.mappings, search, mappingText);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <SearchField onSearch={setSearch} placeholder="Connection or IdP group" />
        <ScopedButton scope="update:groups" onClick={() => setAdding(true)}>
          Add mapping
        </ScopedButton>
      </Group>
      <ErrorPanel error={error} />
      <ErrorPanel error={removal.error} />
      <Table aria-label={`Mappings of ${group.name}`} aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Connection</Table.Th>
            <Table.Th scope="col">IdP group</Table.Th>
            <Table.Th scope="col">
              <span className="sr-only">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Code>{m.connectionName}</Code>
              </Table.Td>
              <Table.Td>
                <Code>{m.groupName}</Code>
              </Table.Td>
              <RemoveCell
                scope="update:groups"
                label={`Remove mapping ${m.connectionName} / ${m.groupName}`}
                onRemove={() => removeMappings({ groupId: group.id, mappingIds: [m.id] })}
              />
            </Table.Tr>
          ))}
          {total === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text size="sm" c="dimmed">
                  {search ? `No mapping matches “${search}”.` : `${group.name} has no mappings.`}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} hasNext={hasNext} totalCount={total} noun="mappings" pageSize={pageSize} fetching={fetching} />
      {adding && <AddMappingDialog groupId={group.id} groupName={group.name} onClose={() => setAdding(false)} />}
    </Stack>
  );
}

import { Group, Stack, Text } from "@mantine/core";
import { useCallback, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { Picker, type PickerOutcome } from "../../../components/Picker";
import { ScopedButton } from "../../../components/ScopedButton";
import { SearchField } from "../../../components/SearchField";
import type { GroupTabProps } from "../paths";
import { GroupList } from "./GroupList";
import { AddNestedGroupsMutation, NestedGroupsQuery, PickGroupsQuery, RemoveNestedGroupsMutation, type GroupChoice } from "./links.documents";

/** Children of the group: their members are members of this group too. A cycle is refused by the server, which names it. */
export function NestedGroupsTab({ group }: GroupTabProps) {
  const [search, setSearch] = useState("");
  const [{ data, error, fetching }] = useQuery({ query: NestedGroupsQuery, variables: { id: group.id } });
  const [, addNested] = useMutation(AddNestedGroupsMutation);
  const [removal, removeNested] = useMutation(RemoveNestedGroupsMutation);
  const [picking, setPicking] = useState(false);
  // Not offered: the group itself and groups already nested in it.
  const isAssigned = useCallback((g: GroupChoice) => g.id === group.id || g.parentGroups.some((p) => p.id === group.id), [group.id]);

  const add = async (ids: string[]): Promise<PickerOutcome> => {
    const result = await addNested({ groupId: group.id, groupIds: ids });
    return result.error ? { kind: "error", error: result.error } : { kind: "done" };
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Members of a nested group are members of {group.name} too, and {group.name}&rsquo;s roles apply to them.
      </Text>
      <Group justify="space-between" align="flex-end">
        <SearchField onSearch={setSearch} placeholder="Part of a group name" />
        <ScopedButton scope="update:groups" onClick={() => setPicking(true)}>
          Add nested groups
        </ScopedButton>
      </Group>
      <ErrorPanel error={error} />
      <ErrorPanel error={removal.error} />
      <GroupList
        label={`Groups nested in ${group.name}`}
        groups={data?.group?.nestedGroups}
        search={search}
        empty={`No group is nested in ${group.name}.`}
        onRemove={(child) => removeNested({ groupId: group.id, groupIds: [child.id] })}
        removeLabel={(child) => `Remove ${child.name} from ${group.name}`}
        fetching={fetching}
      />
      {picking && (
        <Picker
          title={`Add nested groups to ${group.name}`}
          onClose={() => setPicking(false)}
          query={PickGroupsQuery}
          variables={(page) => page}
          connection={(d) => d.groups}
          idOf={(g) => g.id}
          labelOf={(g) => g.name}
          isAssigned={isAssigned}
          excludedReason={`already nested in ${group.name}, or ${group.name} itself`}
          noun="groups"
          columns={[
            { header: "Name", cell: (g) => g.name },
            {
              header: "Description",
              cell: (g) => (
                <Text size="sm" c="dimmed" lineClamp={1}>
                  {g.description || "—"}
                </Text>
              ),
            },
          ]}
          onAdd={add}
        />
      )}
    </Stack>
  );
}

import { Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { SearchField } from "../../../components/SearchField";
import type { GroupTabProps } from "../paths";
import { GroupList } from "./GroupList";
import { ParentGroupsQuery, RemoveNestedGroupsMutation } from "./links.documents";

/** The groups this group is nested in (nest it elsewhere from the parent's Nested groups tab). */
export function ParentsTab({ group }: GroupTabProps) {
  const [search, setSearch] = useState("");
  const [{ data, error, fetching }] = useQuery({ query: ParentGroupsQuery, variables: { id: group.id } });
  const [removal, removeNested] = useMutation(RemoveNestedGroupsMutation);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {group.name} is nested in these groups: its members are members of each of them, and their roles apply to its members. To nest it in another group, open that group&rsquo;s
        Nested groups tab.
      </Text>
      <SearchField onSearch={setSearch} placeholder="Part of a group name" />
      <ErrorPanel error={error} />
      <ErrorPanel error={removal.error} />
      <GroupList
        label={`Groups ${group.name} is nested in`}
        groups={data?.group?.parentGroups}
        search={search}
        empty={`${group.name} is not nested in any group.`}
        onRemove={(parent) => removeNested({ groupId: parent.id, groupIds: [group.id] })}
        removeLabel={(parent) => `Remove ${group.name} from ${parent.name}`}
        fetching={fetching}
      />
    </Stack>
  );
}

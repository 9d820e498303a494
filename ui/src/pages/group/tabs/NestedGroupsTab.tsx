import { Text } from "@mantine/core";
import type { GroupTabProps } from "../paths";

export function NestedGroupsTab({ group }: GroupTabProps) {
  return <Text c="dimmed">This tab of {group.name} is being built.</Text>;
}

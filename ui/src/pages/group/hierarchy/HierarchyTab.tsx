import { Text } from "@mantine/core";
import type { GroupTabProps } from "../paths";

export default function HierarchyTab({ group }: GroupTabProps) {
  return <Text c="dimmed">The hierarchy of {group.name} is being built.</Text>;
}

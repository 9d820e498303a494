import { Text } from "@mantine/core";

/** A value the session may not read (a field-level FORBIDDEN): says which scope would show it. */
export function HiddenValue({ scope }: { scope: string }) {
  return (
    <Text span size="sm" c="dimmed" fs="italic">
      hidden (needs {scope})
    </Text>
  );
}

/** A nullable text cell: the value, "—" when empty, or hidden when the session lacks `scope`. */
export function OptionalText({ value, hidden }: { value: string | null | undefined; hidden?: string }) {
  if (hidden) return <HiddenValue scope={hidden} />;
  if (value === null || value === undefined || value === "") {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Text span size="sm">
      {value}
    </Text>
  );
}

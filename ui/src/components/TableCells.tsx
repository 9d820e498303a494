import { Button, Table, Text } from "@mantine/core";
import { useViewer } from "../graphql/viewer";

/** A description in a table cell, or a dimmed dash when there is none. */
/** `lines`: at most that many lines shown (none: all). */
export function DescriptionText({ text, lines }: { text: string | null | undefined; lines?: number }) {
  return (
    <Text size="sm" c={text ? undefined : "dimmed"} lineClamp={lines}>
      {text || "—"}
    </Text>
  );
}

/**
 * The "Remove" action of a table row: disabled without `scope`, saying so in its title (DESIGN
 * §11); `label` names it for screen readers ("Remove role Expense User").
 */
export function RemoveCell({ scope, label, onRemove }: { scope: string; label: string | undefined; onRemove(): void }) {
  const { can } = useViewer();
  const allowed = can(scope);
  return (
    <Table.Td ta="right">
      <Button size="compact-xs" variant="subtle" color="red" disabled={!allowed} title={allowed ? undefined : `needs ${scope}`} aria-label={label} onClick={onRemove}>
        Remove
      </Button>
    </Table.Td>
  );
}

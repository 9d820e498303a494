import { Button, CloseButton, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useId } from "react";

/** DESIGN §12: at most 25 string keys (1–100 characters) with values of at most 255. */
export const METADATA_LIMITS = { keys: 25, keyLength: 100, valueLength: 255 } as const;

export interface MetadataRow {
  /** Stable React key of the row (not the metadata key, which is being edited). */
  rowId: number;
  key: string;
  value: string;
}

let nextRowId = 1;

/** Rows for an editor from a stored object (sorted by key, as the server does not keep an order). */
export function rowsOf(metadata: Record<string, string> | null | undefined): MetadataRow[] {
  return Object.entries(metadata ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ rowId: nextRowId++, key, value: String(value) }));
}

/** An empty row to type into. */
export const blankRow = (): MetadataRow => ({ rowId: nextRowId++, key: "", value: "" });

/** Rows that are entirely blank are ignored (the editor always offers one to type into). */
const used = (rows: readonly MetadataRow[]) => rows.filter((row) => row.key.trim() !== "" || row.value !== "");

/** The object the rows stand for (keys trimmed; values as typed). */
export function metadataOf(rows: readonly MetadataRow[]): Record<string, string> {
  return Object.fromEntries(used(rows).map((row) => [row.key.trim(), row.value]));
}

export interface RowProblems {
  key?: string;
  value?: string;
}

/**
 * What is wrong with each row before anything is sent (the server checks the same and has the
 * last word): a value without a key, a key or value too long, a key given twice, too many keys.
 */
export function problemsOf(rows: readonly MetadataRow[]): { rows: Map<number, RowProblems>; overall?: string } {
  const problems = new Map<number, RowProblems>();
  const seen = new Map<string, number>();
  for (const row of used(rows)) {
    const p: RowProblems = {};
    const key = row.key.trim();
    if (key === "") p.key = "A value needs a key";
    else if (key.length > METADATA_LIMITS.keyLength) p.key = `At most ${METADATA_LIMITS.keyLength} characters (${key.length})`;
    else if (seen.has(key)) p.key = `“${key}” is already a key above`;
    if (row.value.length > METADATA_LIMITS.valueLength) p.value = `At most ${METADATA_LIMITS.valueLength} characters (${row.value.length})`;
    if (key !== "" && !seen.has(key)) seen.set(key, row.rowId);
    if (p.key || p.value) problems.set(row.rowId, p);
  }
  const count = used(rows).length;
  const overall = count > METADATA_LIMITS.keys ? `At most ${METADATA_LIMITS.keys} keys (${count})` : undefined;
  return { rows: problems, overall };
}

interface MetadataEditorProps {
  rows: MetadataRow[];
  onChange(rows: MetadataRow[]): void;
  readOnly?: boolean;
  /** The server's refusal of the metadata (BAD_USER_INPUT on `metadata`), shown under the rows. */
  serverError?: string;
  /** Names the table ("Metadata of acme"). */
  label: string;
}

/** Key/value rows for an organization's metadata: add, edit, remove; problems next to their inputs. */
export function MetadataEditor({ rows, onChange, readOnly, serverError, label }: MetadataEditorProps) {
  const errorId = useId();
  const { rows: problems, overall } = problemsOf(rows);
  const update = (rowId: number, change: Partial<MetadataRow>) => onChange(rows.map((row) => (row.rowId === rowId ? { ...row, ...change } : row)));
  const remove = (rowId: number) => {
    const rest = rows.filter((row) => row.rowId !== rowId);
    onChange(rest.length ? rest : [blankRow()]);
  };
  const full = used(rows).length >= METADATA_LIMITS.keys;
  const message = serverError ?? overall;
  return (
    <Stack gap="xs">
      <Table aria-label={label} aria-describedby={message ? errorId : undefined} withRowBorders={false} striped={false} highlightOnHover={false} verticalSpacing={4} bg="white">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="40%">
              Key
            </Table.Th>
            <Table.Th scope="col">Value</Table.Th>
            <Table.Th scope="col" w={40}>
              <span className="sr-only">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => {
            const p = problems.get(row.rowId);
            return (
              <Table.Tr key={row.rowId}>
                <Table.Td style={{ verticalAlign: "top" }}>
                  <TextInput
                    aria-label={`Key ${i + 1}`}
                    placeholder="key"
                    value={row.key}
                    onChange={(e) => update(row.rowId, { key: e.currentTarget.value })}
                    error={p?.key}
                    readOnly={readOnly}
                    size="sm"
                    autoComplete="off"
                  />
                </Table.Td>
                <Table.Td style={{ verticalAlign: "top" }}>
                  <TextInput
                    aria-label={`Value ${i + 1}`}
                    placeholder="value"
                    value={row.value}
                    onChange={(e) => update(row.rowId, { value: e.currentTarget.value })}
                    error={p?.value}
                    readOnly={readOnly}
                    size="sm"
                    autoComplete="off"
                  />
                </Table.Td>
                <Table.Td style={{ verticalAlign: "top" }}>
                  {!readOnly && <CloseButton mt={6} aria-label={row.key.trim() ? `Remove key ${row.key.trim()}` : `Remove row ${i + 1}`} onClick={() => remove(row.rowId)} />}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {message && (
        <Text id={errorId} size="sm" c="red.8" role="alert">
          {message}
        </Text>
      )}
      {!readOnly && (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => onChange([...rows, blankRow()])} disabled={full}>
            Add key
          </Button>
          <Text size="xs" c="dimmed">
            {used(rows).length} of at most {METADATA_LIMITS.keys} keys; keys 1–{METADATA_LIMITS.keyLength} characters, values at most {METADATA_LIMITS.valueLength}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

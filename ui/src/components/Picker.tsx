import { Button, Checkbox, CloseButton, Group, Modal, Pill, Stack, Table, Text, Textarea, VisuallyHidden } from "@mantine/core";
import type { AnyVariables, CombinedError, TypedDocumentNode } from "@urql/core";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useQuery } from "urql";
import { useCursorPaging, type Connection } from "../graphql/paging";
import { formErrorsOf } from "../graphql/errors";
import { ErrorPanel } from "./ErrorPanel";
import { Pager } from "./Pager";
import { SearchField } from "./SearchField";

const PAGE_SIZE = 20;

/** What confirming the picker led to. */
export type PickerOutcome =
  | { kind: "done" }
  | { kind: "error"; error: CombinedError }
  /** Ask before going on (e.g. "these ids are unknown: create stub users?"). */
  | { kind: "confirm"; message: ReactNode; confirmLabel: string; proceed(): Promise<PickerOutcome> };

export interface PickerColumn<T> {
  header: string;
  cell(node: T): ReactNode;
}

interface PickerProps<T, Data, Vars extends AnyVariables> {
  title: string;
  onClose(): void;
  /** A connection query taking `search`, `first` and `after`. */
  query: TypedDocumentNode<Data, Vars>;
  variables(page: { search: string | null; first: number; after: string | null }): Vars;
  connection(data: Data): Connection<T> | undefined;
  idOf(node: T): string;
  /** The node's name for the checkbox's label and the selection list. */
  labelOf(node: T): string;
  columns: PickerColumn<T>[];
  /** Already assigned (or otherwise not a choice): not offered. */
  isAssigned(node: T): boolean;
  /** Why those are left out, for the note under the list ("already members"). */
  excludedReason: string;
  /** "users", "groups", "roles". */
  noun: string;
  /** Pasted ids are accepted (a textarea "Paste ids"). */
  acceptPaste?: boolean;
  onAdd(ids: string[], labels: Map<string, string>): Promise<PickerOutcome>;
  /** More inputs for the add, under the selection (e.g. a grant's window). */
  extra?: ReactNode;
  /** Input fields of `extra` whose errors `extra` shows next to them (left out of the error panel). */
  errorFields?: readonly string[];
}

/** Ids in pasted text: one per line, or separated by commas, semicolons or spaces. */
export function parseIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The pickers of DESIGN §11: search as you type on the server, cursor paging, what is already
 * assigned left out, several selected across pages and searches, a pasted list of ids, confirmed
 * with "Add". `onAdd` may ask a question first (a confirm step inside the dialog).
 */
export function Picker<T, Data, Vars extends AnyVariables>(props: PickerProps<T, Data, Vars>) {
  const { title, onClose, query, variables, connection, idOf, labelOf, columns, isAssigned, excludedReason, noun, acceptPaste = true, onAdd, extra, errorFields = [] } = props;
  const [search, setSearch] = useState("");
  const onSearch = useCallback((value: string) => setSearch(value), []);
  const paging = useCursorPaging(search);
  // Always from the server: a cached page could offer what was assigned a moment ago.
  const [{ data, error, fetching }] = useQuery({ query, variables: variables({ search: search || null, first: PAGE_SIZE, after: paging.after }), requestPolicy: "network-only" });
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [pasted, setPasted] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PickerOutcome | null>(null);

  const page = data ? connection(data) : undefined;
  const offered = useMemo(() => (page?.nodes ?? []).filter((node) => !isAssigned(node)), [page, isAssigned]);
  const hiddenCount = (page?.nodes.length ?? 0) - offered.length;
  const pastedIds = parseIds(pasted);
  const ids = [...new Set([...selected.keys(), ...pastedIds])];

  const toggle = (node: T, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(idOf(node), labelOf(node));
      else next.delete(idOf(node));
      return next;
    });

  const run = async (step: () => Promise<PickerOutcome>) => {
    setBusy(true);
    try {
      const result = await step();
      if (result.kind === "done") onClose();
      else setOutcome(result);
    } finally {
      setBusy(false);
    }
  };

  const confirm = outcome?.kind === "confirm" ? outcome : null;

  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {confirm ? (
        <Stack>
          <div>{confirm.message}</div>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOutcome(null)}>
              Back
            </Button>
            <Button onClick={() => run(confirm.proceed)} loading={busy}>
              {confirm.confirmLabel}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <SearchField onSearch={onSearch} autoFocus placeholder={`Search ${noun}`} />
          <ErrorPanel error={error} title={`Could not list ${noun}`} />
          <Table aria-label={`Matching ${noun}`} aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>
                  <VisuallyHidden>Select</VisuallyHidden>
                </Table.Th>
                {columns.map((column) => (
                  <Table.Th scope="col" key={column.header}>
                    {column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offered.map((node) => (
                <Table.Tr key={idOf(node)}>
                  <Table.Td>
                    <Checkbox aria-label={`Select ${labelOf(node)}`} checked={selected.has(idOf(node))} onChange={(e) => toggle(node, e.currentTarget.checked)} />
                  </Table.Td>
                  {columns.map((column) => (
                    <Table.Td key={column.header}>{column.cell(node)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
              {page && offered.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={columns.length + 1}>
                    <Text size="sm" c="dimmed">
                      {page.nodes.length === 0 ? `No ${noun} match.` : `None of the ${noun} on this page can be added: ${excludedReason}.`}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          {hiddenCount > 0 && (
            <Text size="xs" c="dimmed">
              {hiddenCount} of the {noun} on this page {hiddenCount === 1 ? "is" : "are"} not listed: {excludedReason}.
            </Text>
          )}
          <Pager paging={paging} pageInfo={page?.pageInfo} totalCount={page?.totalCount} noun={`matching ${noun}`} pageSize={PAGE_SIZE} fetching={fetching} />
          {acceptPaste && (
            <Textarea
              label="Paste ids"
              description="One id per line, or separated by commas or spaces; added with the ones selected above"
              value={pasted}
              onChange={(e) => setPasted(e.currentTarget.value)}
              autosize
              minRows={2}
              maxRows={6}
            />
          )}
          {selected.size > 0 && (
            <div>
              <Text size="sm" fw={500} mb={4} id="picker-selected">
                Selected ({selected.size})
              </Text>
              <Group gap={6} aria-labelledby="picker-selected" role="list">
                {[...selected].map(([id, label]) => (
                  <Pill key={id} role="listitem" size="md">
                    <Group gap={2} wrap="nowrap" component="span">
                      {label}
                      <CloseButton
                        size="xs"
                        aria-label={`Unselect ${label}`}
                        onClick={() =>
                          setSelected((current) => {
                            const next = new Map(current);
                            next.delete(id);
                            return next;
                          })
                        }
                      />
                    </Group>
                  </Pill>
                ))}
              </Group>
            </div>
          )}
          {extra}
          {outcome?.kind === "error" && <ErrorPanel errors={formErrorsOf(outcome.error, errorFields)} />}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {ids.length === 0 ? "Nothing selected yet" : `${ids.length} to add`}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button onClick={() => run(() => onAdd(ids, selected))} disabled={ids.length === 0} loading={busy}>
                Add
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import { Anchor, Button, Code, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useQuery } from "urql";
import { Link, useLocation } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Pager } from "../../components/Pager";
import { useCursorPaging } from "../../graphql/paging";
import { AuditLogQuery, type AuditRow } from "./audit-log.documents";
import { CONFIGURATION_OPERATIONS, targetHref, targetKinds } from "./targets";

const PAGE_SIZE = 50;
const MAX_TARGETS_SHOWN = 8;

function Targets({ entry }: { entry: AuditRow }) {
  const kinds = targetKinds(entry);
  const shown = entry.targetIds.slice(0, MAX_TARGETS_SHOWN);
  if (entry.targetIds.length === 0) {
    return CONFIGURATION_OPERATIONS.has(entry.operation) ? (
      <Anchor component={Link} to="/configuration" size="sm">
        Configuration
      </Anchor>
    ) : (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {shown.map((id) => {
        const kind = kinds.get(id);
        return kind ? (
          <Anchor key={id} component={Link} to={targetHref(kind, id)} size="sm" title={`Open the ${kind} ${id}`}>
            {kind} {id}
          </Anchor>
        ) : (
          <Text key={id} size="sm" ff="monospace">
            {id}
          </Text>
        );
      })}
      {entry.targetIds.length > shown.length && (
        <Text size="sm" c="dimmed">
          and {entry.targetIds.length - shown.length} more
        </Text>
      )}
    </Group>
  );
}

/** /admin/audit-log: every mutation, newest first; filter by actor and by a target id (?actor=…&targetId=…). */
export function AuditLogPage() {
  const { search: query } = useLocation();
  const [actor, setActor] = useState(query.get("actor") ?? "");
  const [target, setTarget] = useState(query.get("targetId") ?? "");
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);
  const [debouncedTarget] = useDebouncedValue(target.trim(), 300);
  const paging = useCursorPaging(`${debouncedActor}\u0000${debouncedTarget}`);
  const [{ data, error, fetching }] = useQuery({
    query: AuditLogQuery,
    variables: { actor: debouncedActor || null, targetId: debouncedTarget || null, first: PAGE_SIZE, after: paging.after },
    requestPolicy: "cache-and-network",
  });
  const log = data?.auditLog;
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Stack gap="md">
      <Title order={1}>Audit log</Title>
      <Text size="sm" c="dimmed" maw={760}>
        Every change, newest first: who made it (the signed-in subject, a token's subject, api-key or cli), the mutation and the ids it named. Filters match exactly.
      </Text>
      <Group align="flex-end">
        <TextInput label="Actor" placeholder="alex.admin, api-key, cli…" value={actor} onChange={(e) => setActor(e.currentTarget.value)} w={280} />
        <TextInput label="Target id" placeholder="A group, user, role, permission or client id" value={target} onChange={(e) => setTarget(e.currentTarget.value)} w={360} />
        {(actor || target) && (
          <Button
            variant="subtle"
            onClick={() => {
              setActor("");
              setTarget("");
            }}
          >
            Clear filters
          </Button>
        )}
      </Group>
      <ErrorPanel error={error} />
      <Table aria-label="Audit log" aria-busy={fetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Actor</Table.Th>
            <Table.Th scope="col">Operation</Table.Th>
            <Table.Th scope="col">Targets</Table.Th>
            <Table.Th scope="col">Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log?.nodes.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {new Date(entry.at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ta="left"
                    onClick={() => setActor(entry.actor)}
                    title={`Only entries by ${entry.actor}`}
                    style={{ wordBreak: "break-all" }}
                  >
                    {entry.actor}
                  </Anchor>
                  {entry.actorKind !== entry.actor.replace("-", "") && (
                    <Text size="xs" c="dimmed">
                      {entry.actorKind === "session" ? "console session" : entry.actorKind}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {entry.operation}
                </Text>
              </Table.Td>
              <Table.Td>
                <Targets entry={entry} />
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-expanded={open.has(entry.id)}
                  onClick={() => toggle(entry.id)}
                  aria-label={`${open.has(entry.id) ? "Hide" : "Show"} details of entry ${entry.id}`}
                >
                  {open.has(entry.id) ? "Hide" : "Show"}
                </Button>
                {open.has(entry.id) && (
                  <Code block mt={4} maw={420} style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                    {JSON.stringify(entry.details, null, 2)}
                  </Code>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {log && log.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed" size="sm">
                  {debouncedActor || debouncedTarget ? "No entry matches these filters." : "Nothing has been changed yet."}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Pager paging={paging} pageInfo={log?.pageInfo} totalCount={log?.totalCount} noun="entries" pageSize={PAGE_SIZE} fetching={fetching} />
    </Stack>
  );
}

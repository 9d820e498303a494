import "./console-extras.css";
import { Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { formatInstant } from "./GrantWindow";

/** One item of explainAuthorization: a group, role or permission name and each path that produced it. */
export interface PathItem {
  name: string;
  paths: string[];
  truncated: boolean;
}

/** An ISO 8601 instant as explainAuthorization writes a grant's window into a path ("… (until 2030-12-01T21:00:00.000Z)"). */
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/**
 * "add:expense ← role Expense User ← group Example Company": the item in bold, then the steps it
 * came through; a window's instants read as the Window columns write them ("1 Dec 2030, 21:00").
 */
export function PathText({ path: raw }: { path: string }) {
  const path = raw.replace(INSTANT, (iso) => formatInstant(iso));
  const cut = path.indexOf(" ← ");
  const head = cut < 0 ? path : path.slice(0, cut);
  return (
    <Text size="sm" className="auth-path">
      <span className="auth-path-head">{head}</span>
      {cut >= 0 && path.slice(cut)}
    </Text>
  );
}

interface PathTableProps {
  /** "Groups", "Roles", "Permissions". */
  title: string;
  items: PathItem[];
  /** What an empty list means ("No roles for this application."). */
  empty: string;
  headingOrder?: 2 | 3 | 4;
}

/** A table of items with every path of each (explainAuthorization); a cut list says so. */
export function PathTable({ title, items, empty, headingOrder = 3 }: PathTableProps) {
  return (
    <Stack gap={6}>
      <Title order={headingOrder} size="h5">
        {title} ({items.length})
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Table aria-label={`${title}: paths`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w="28%">
                Name
              </Table.Th>
              <Table.Th scope="col">Paths</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.name}>
                <Table.Td valign="top">
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {item.name}
                    </Text>
                    {item.paths.length > 1 && (
                      <Badge size="xs" variant="light" color="gray">
                        {item.paths.length} paths
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {item.paths.map((path, i) => (
                      <PathText key={i} path={path} />
                    ))}
                    {item.truncated && (
                      <Text size="xs" c="orange.9" fw={500}>
                        Truncated: there are more paths than the {item.paths.length} listed (the server answers at most EXPLAIN_MAX_PATHS per item).
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

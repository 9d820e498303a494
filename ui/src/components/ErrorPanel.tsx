import { Alert, List, Text } from "@mantine/core";
import type { CombinedError } from "@urql/core";
import { errorsOf, missingScopeOf, type GatehouseErrorInfo } from "../graphql/errors";

interface ErrorPanelProps {
  /** A urql error, or errors already read from one. */
  error?: CombinedError | null;
  errors?: GatehouseErrorInfo[];
  title?: string;
}

/** GraphQL errors as the server gave them: the message and its code (and the missing scope for FORBIDDEN). */
export function ErrorPanel({ error, errors, title = "The server refused this" }: ErrorPanelProps) {
  // The same refusal for every row of a list (e.g. a field error per node) is said once.
  const seen = new Set<string>();
  const list = (errors ?? errorsOf(error)).filter((e) => {
    const key = `${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (list.length === 0) return null;
  const forbidden = list.every((e) => e.code === "FORBIDDEN");
  return (
    <Alert color={forbidden ? "gray" : "red"} title={forbidden ? "Not allowed with this session's scopes" : title} role="alert" variant="light">
      <List size="sm" spacing={4}>
        {list.map((e, i) => (
          <List.Item key={i}>
            <Text span size="sm">
              {e.message}
            </Text>{" "}
            <Text span size="xs" c="dimmed" ff="monospace">
              ({e.code}
              {e.code === "FORBIDDEN" && missingScopeOf(e) ? `, needs ${missingScopeOf(e)}` : ""})
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

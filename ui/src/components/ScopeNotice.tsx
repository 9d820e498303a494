import { Alert, Text } from "@mantine/core";

/** Said instead of asking the server for what the session may not read (which would only come back FORBIDDEN). */
export function ScopeNotice({ scopes, what }: { scopes: string[]; what: string }) {
  return (
    <Alert color="gray" variant="light" title="Not visible with this session">
      <Text size="sm">
        {what} {scopes.length === 1 ? "needs the scope" : "need the scopes"} {scopes.join(" and ")}, which this session does not have.
      </Text>
    </Alert>
  );
}

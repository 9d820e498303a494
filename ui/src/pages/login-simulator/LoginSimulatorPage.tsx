import "../../components/console-extras.css";
import { Alert, Autocomplete, Badge, Button, Code, CopyButton, Group, List, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { useClient, useQuery } from "urql";
import type { CombinedError } from "@urql/core";
import { Link, useLocation } from "../../app/router";
import { PathTable } from "../../components/AuthorizationPaths";
import { ErrorPanel } from "../../components/ErrorPanel";
import { ScopedButton } from "../../components/ScopedButton";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { useViewer } from "../../graphql/viewer";
import {
  SimulateLoginQuery,
  SimulatorApplicationsQuery,
  SimulatorOrganizationsQuery,
  type AuthorizationContextResult,
  type Explanation,
  type SimulationVariables,
} from "./simulator.documents";

const FIELDS = ["userId", "clientId", "connection", "connectionGroups", "organizationId"];

/**
 * IdP groups as typed: one per line, or on one line separated by commas. Once there are several
 * lines, commas belong to the names (a directory DN such as "CN=Admins,OU=Groups" has them).
 */
export function parseIdpGroups(text: string): string[] {
  const parts = text.includes("\n") ? text.split("\n") : text.split(",");
  return [...new Set(parts.map((g) => g.trim()).filter(Boolean))];
}

/** A list of names as badges, or a dimmed "none". */
function NameList({ names, label }: { names: string[]; label: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`simulator-${label.toLowerCase()}`}>
        {label} ({names.length})
      </Text>
      {names.length === 0 ? (
        <Text size="sm" c="dimmed">
          none
        </Text>
      ) : (
        <Group gap={6} role="list" aria-labelledby={`simulator-${label.toLowerCase()}`}>
          {names.map((name) => (
            <Badge key={name} role="listitem" variant="light" radius="sm" tt="none" fw={500} size="lg">
              {name}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

function Answer({ context, explanation, organizationId }: { context: AuthorizationContextResult; explanation: Explanation; organizationId: string | null }) {
  const claims = JSON.stringify(context.claims, null, 2);
  return (
    <Stack gap="lg" aria-label="Simulated login" component="section">
      <Title order={2} size="h3">
        What <Code fz="inherit">{context.userId}</Code> gets at a login to <Code fz="inherit">{context.clientId}</Code>
        {organizationId ? <> for {context.organization ? context.organization.displayName : <Code fz="inherit">{organizationId}</Code>}</> : null}
      </Title>
      {context.accessGranted ? (
        <Alert color="green" title="Access granted" role="status" variant="light" className="access-granted">
          <Text size="sm">The application requires no role this user lacks: the login goes through.</Text>
        </Alert>
      ) : (
        <Alert color="red" title="Access denied" role="status" variant="light">
          <Text size="sm">{context.denialReason ?? "The user holds none of the application's required roles."}</Text>
        </Alert>
      )}
      {context.warnings.length > 0 && (
        <Alert color="yellow" title={context.warnings.length === 1 ? "Warning" : `Warnings (${context.warnings.length})`} variant="light">
          <List size="sm" spacing={4}>
            {context.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Paper withBorder p="md" radius="sm">
        <Stack gap="md">
          <Title order={3} size="h4">
            Authorization context
          </Title>
          {context.organization && (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Organization
              </Text>
              <Text size="sm">
                {context.organization.displayName} (<Code>{context.organization.name}</Code>, id <Code>{context.organization.id}</Code>): the roles are the ones this member holds
                there.
              </Text>
            </Stack>
          )}
          <NameList label="Groups" names={context.groups} />
          <NameList label="Roles" names={context.roles} />
          <NameList label="Permissions" names={context.permissions} />
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="sm">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} size="h4" id="claims-heading">
              Claims
            </Title>
            <CopyButton value={claims}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" onClick={copy}>
                  {copied ? "Copied" : "Copy claims"}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="dimmed">
            Ready to paste into the ID or access token (the claims the configuration&rsquo;s …InToken switches turn on, under its namespace).
          </Text>
          <Code block className="claims-block" aria-labelledby="claims-heading" data-testid="claims-json">
            {claims}
          </Code>
        </Stack>
      </Paper>
      <Stack gap="md">
        <Title order={3} size="h4">
          Why: every path
        </Title>
        <PathTable title="Groups" items={explanation.groups} empty="No group: the user is in no group and no mapping matched." headingOrder={4} />
        <PathTable title="Roles" items={explanation.roles} empty="No role of this application." headingOrder={4} />
        <PathTable title="Permissions" items={explanation.permissions} empty="No permission of this application." headingOrder={4} />
      </Stack>
    </Stack>
  );
}

/** /admin/login-simulator: what a login would give (DESIGN §3), with every path (explainAuthorization). */
export function LoginSimulatorPage() {
  const { can } = useViewer();
  const { search } = useLocation();
  const client = useClient();
  const [userId, setUserId] = useState(() => search.get("userId") ?? "");
  const [clientId, setClientId] = useState(() => search.get("clientId") ?? "");
  const [connection, setConnection] = useState(() => search.get("connection") ?? "");
  const [idpGroups, setIdpGroups] = useState(() => search.get("groups") ?? "");
  const [organizationId, setOrganizationId] = useState(() => search.get("organizationId") ?? "");
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>();
  const [answer, setAnswer] = useState<{ context: AuthorizationContextResult; explanation: Explanation; organizationId: string | null } | null>(null);

  const [appSearch] = useDebouncedValue(clientId.trim(), 250);
  const [apps] = useQuery({ query: SimulatorApplicationsQuery, variables: { search: appSearch || null, first: 20 }, pause: !can("read:applications") });
  const appOptions = apps.data?.applications.nodes ?? [];
  const appNames = new Map(appOptions.map((a) => [a.id, a]));
  const [orgSearch] = useDebouncedValue(organizationId.trim(), 250);
  const [orgs] = useQuery({ query: SimulatorOrganizationsQuery, variables: { search: orgSearch || null, first: 20 }, pause: !can("read:organizations") });
  const orgOptions = orgs.data?.organizations.nodes ?? [];
  const orgNames = new Map(orgOptions.map((o) => [o.id, o]));

  const run = async (variables: SimulationVariables) => {
    setRunning(true);
    try {
      const result = await client.query(SimulateLoginQuery, variables, { requestPolicy: "network-only" }).toPromise();
      setError(result.error);
      setAnswer(
        result.data && !result.error
          ? { context: result.data.authorizationContext, explanation: result.data.explainAuthorization, organizationId: variables.organizationId }
          : null,
      );
    } finally {
      setRunning(false);
    }
  };

  const variables = (): SimulationVariables => {
    const groups = parseIdpGroups(idpGroups);
    return {
      userId: userId.trim(),
      clientId: clientId.trim(),
      connection: connection.trim() || null,
      connectionGroups: groups.length ? groups : null,
      organizationId: organizationId.trim() || null,
    };
  };

  // A link with ?userId=…&clientId=… (from a user's page) fills the form but does not run: a run
  // is a login (it stores a snapshot when a persist switch is on), so a link someone sent must not
  // make one, with groups of its choosing, in the admin's name; the admin presses Run.

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(variables());
  };

  const chosen = appNames.get(clientId.trim());
  const chosenOrg = orgNames.get(organizationId.trim());

  return (
    <Stack gap="md">
      <Title order={1}>Login simulator</Title>
      <Text size="sm" c="dimmed" maw={760}>
        Computes what the login hook would receive for a user logging in to an application: the effective groups, the application&rsquo;s roles and permissions, the claims, the
        access decision and every path that produced them. Like a real login, a run stores the user&rsquo;s authorization snapshot when a persist switch is on.
      </Text>
      <Paper withBorder p="md" radius="sm" maw={760}>
        <form onSubmit={submit} noValidate aria-label="Simulate a login">
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="User id"
                description="The identity provider's user id, e.g. auth0|alice"
                value={userId}
                onChange={(e) => setUserId(e.currentTarget.value)}
                error={fieldErrorOf(error, "userId")}
                withAsterisk
                autoComplete="off"
              />
              <Autocomplete
                label="Client id"
                description={chosen ? `${chosen.name} (${chosen.type.replace("_", " ").toLowerCase()})` : "The application's client id; type to search"}
                value={clientId}
                onChange={setClientId}
                data={appOptions.map((a) => a.id)}
                filter={({ options }) => options}
                renderOption={({ option }) => {
                  const app = appNames.get(option.value);
                  return (
                    <Stack gap={0}>
                      <Text size="sm">{app?.name ?? option.value}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {option.value}
                      </Text>
                    </Stack>
                  );
                }}
                error={fieldErrorOf(error, "clientId")}
                withAsterisk
                autoComplete="off"
              />
            </Group>
            <Autocomplete
              label="Organization"
              description={
                chosenOrg
                  ? `A login for ${chosenOrg.displayName} (${chosenOrg.name})`
                  : `Optional: the id of the organization the login is made for${can("read:organizations") ? "; type to search" : ""}`
              }
              value={organizationId}
              onChange={setOrganizationId}
              data={orgOptions.map((o) => o.id)}
              filter={({ options }) => options}
              renderOption={({ option }) => {
                const org = orgNames.get(option.value);
                return (
                  <Stack gap={0}>
                    <Text size="sm">{org?.displayName ?? option.value}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {option.value}
                    </Text>
                  </Stack>
                );
              }}
              error={fieldErrorOf(error, "organizationId")}
              autoComplete="off"
            />
            <TextInput
              label="Connection"
              description="The login's connection (mappings on it apply), e.g. corp-ad"
              value={connection}
              onChange={(e) => setConnection(e.currentTarget.value)}
              error={fieldErrorOf(error, "connection")}
              autoComplete="off"
            />
            <Textarea
              label="IdP groups"
              description="Groups the identity provider sends: one per line (commas then stay part of a name, as in a DN), or separated by commas on one line"
              value={idpGroups}
              onChange={(e) => setIdpGroups(e.currentTarget.value)}
              error={fieldErrorOf(error, "connectionGroups")}
              autosize
              minRows={2}
              maxRows={8}
            />
            <ErrorPanel errors={formErrorsOf(error, FIELDS)} />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {can("read:applications") ? "" : "Listing applications needs read:applications: type the client id."}
              </Text>
              <ScopedButton scope="read:authorization" type="submit" loading={running}>
                Run
              </ScopedButton>
            </Group>
          </Stack>
        </form>
      </Paper>
      {answer && <Answer context={answer.context} explanation={answer.explanation} organizationId={answer.organizationId} />}
      {answer && (
        <Text size="sm">
          <Link to={`/users/${encodeURIComponent(answer.context.userId)}`}>Open {answer.context.userId}&rsquo;s page</Link>
        </Text>
      )}
    </Stack>
  );
}

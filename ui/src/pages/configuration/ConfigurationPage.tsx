import { Button, Code, CopyButton, Fieldset, Group, Loader, NumberInput, Paper, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorPanel } from "../../components/ErrorPanel";
import { ScopedButton } from "../../components/ScopedButton";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { useViewer } from "../../graphql/viewer";
import { ConfigurationQuery, RotateApiKeyMutation, UpdateConfigurationMutation, type ConfigurationInput, type ConfigurationValues, type Switches } from "./configuration.documents";

/** The nine switches of docs/design.md §2.4, in three groups of three (groups, roles, permissions). */
const SWITCH_GROUPS: ReadonlyArray<{ legend: string; description: string; switches: ReadonlyArray<{ key: keyof Switches; label: string }> }> = [
  {
    legend: "In the token",
    description: "Which lists the login-time answer puts in its claims (under the claim namespace).",
    switches: [
      { key: "groupsInToken", label: "Groups in the token" },
      { key: "rolesInToken", label: "Roles in the token" },
      { key: "permissionsInToken", label: "Permissions in the token" },
    ],
  },
  {
    legend: "Passthrough",
    description: "Merge what the identity provider sent with the login into the answer.",
    switches: [
      { key: "groupsPassthrough", label: "Pass through the identity provider's groups" },
      { key: "rolesPassthrough", label: "Pass through the identity provider's roles" },
      { key: "permissionsPassthrough", label: "Pass through the identity provider's permissions" },
    ],
  },
  {
    legend: "Snapshots",
    description: "Store what each login computed on the user, per application (shown on the user's page).",
    switches: [
      { key: "persistGroups", label: "Store the groups" },
      { key: "persistRoles", label: "Store the roles" },
      { key: "persistPermissions", label: "Store the permissions" },
    ],
  },
];

const SWITCH_KEYS = SWITCH_GROUPS.flatMap((g) => g.switches.map((s) => s.key));
const TEXT_FIELDS = ["claimNamespace", "tokenIssuer", "tokenAudience", "tokenLifetimeSeconds"];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : null);

function SettingsForm({ configuration }: { configuration: ConfigurationValues }) {
  const { can } = useViewer();
  const editable = can("update:configuration");
  const [switches, setSwitches] = useState<Switches>(() => Object.fromEntries(SWITCH_KEYS.map((k) => [k, configuration[k]])) as unknown as Switches);
  const [namespace, setNamespace] = useState(configuration.claimNamespace ?? "");
  const [issuer, setIssuer] = useState(configuration.tokenIssuer);
  const [audience, setAudience] = useState(configuration.tokenAudience);
  const [lifetime, setLifetime] = useState<number | string>(configuration.tokenLifetimeSeconds);
  const [result, update] = useMutation(UpdateConfigurationMutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = submitted ? result.error : undefined;

  const input: ConfigurationInput = {};
  for (const key of SWITCH_KEYS) if (switches[key] !== configuration[key]) input[key] = switches[key];
  const ns = namespace.trim() === "" ? null : namespace.trim();
  if (ns !== configuration.claimNamespace) input.claimNamespace = ns;
  if (issuer.trim() !== configuration.tokenIssuer) input.tokenIssuer = issuer.trim();
  if (audience.trim() !== configuration.tokenAudience) input.tokenAudience = audience.trim();
  if (typeof lifetime === "number" && lifetime !== configuration.tokenLifetimeSeconds) input.tokenLifetimeSeconds = lifetime;
  const changed = Object.keys(input).length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const answer = await update({ input });
    if (answer.data) setSaved(true);
  };
  // An edit makes the last refusal stale: its field errors go until the next Save.
  const edited = () => {
    setSaved(false);
    setSubmitted(false);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Configuration">
      <Stack maw={760}>
        {SWITCH_GROUPS.map((group) => (
          <Fieldset key={group.legend} legend={group.legend}>
            <Text size="sm" c="dimmed" mb="xs">
              {group.description}
            </Text>
            <Stack gap="xs">
              {group.switches.map((s) => (
                <Switch
                  key={s.key}
                  label={s.label}
                  checked={switches[s.key]}
                  disabled={!editable}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked;
                    setSwitches((current) => ({ ...current, [s.key]: checked }));
                    edited();
                  }}
                />
              ))}
            </Stack>
          </Fieldset>
        ))}
        <Fieldset legend="Claims and tokens">
          <Stack gap="sm">
            <TextInput
              label="Claim namespace"
              description="An absolute http(s) URL prefixed to the claim names (https://example.com/claims/ gives https://example.com/claims/roles); empty: no prefix"
              placeholder="https://example.com/claims/"
              value={namespace}
              onChange={(e) => {
                setNamespace(e.currentTarget.value);
                edited();
              }}
              error={fieldErrorOf(error, "claimNamespace")}
              readOnly={!editable}
            />
            <Group grow align="flex-start">
              <TextInput
                label="Token issuer"
                description="iss of the API tokens Gatehouse issues; changing it invalidates them"
                value={issuer}
                onChange={(e) => {
                  setIssuer(e.currentTarget.value);
                  edited();
                }}
                error={fieldErrorOf(error, "tokenIssuer")}
                readOnly={!editable}
              />
              <TextInput
                label="Token audience"
                description="aud of the API tokens; changing it invalidates them"
                value={audience}
                onChange={(e) => {
                  setAudience(e.currentTarget.value);
                  edited();
                }}
                error={fieldErrorOf(error, "tokenAudience")}
                readOnly={!editable}
              />
            </Group>
            <NumberInput
              label="Token lifetime (seconds)"
              description="Default lifetime of the API tokens Gatehouse issues: 60 s to 1 year"
              value={lifetime}
              onChange={(value) => {
                setLifetime(value);
                edited();
              }}
              allowDecimal={false}
              allowNegative={false}
              error={fieldErrorOf(error, "tokenLifetimeSeconds")}
              readOnly={!editable}
              maw={320}
            />
          </Stack>
        </Fieldset>
        <ErrorPanel errors={formErrorsOf(error, [...SWITCH_KEYS, ...TEXT_FIELDS])} />
        <Group>
          <ScopedButton scope="update:configuration" type="submit" disabled={!changed} loading={result.fetching}>
            Save
          </ScopedButton>
          {saved && (
            <Text size="sm" c="teal.9" role="status">
              Saved. New logins use it now.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** `onRotated`: the configuration is read again (the rotation answers no Configuration, so the cache cannot know it changed). */
function ApiKeySection({ configuration, onRotated }: { configuration: ConfigurationValues; onRotated(): void }) {
  const [grace, setGrace] = useState<number | string>(3600);
  const [result, rotate] = useMutation(RotateApiKeyMutation);
  const rotation = result.data?.rotateApiKey;
  // Whether a key existed before the last rotation (the first key replaces none).
  const [hadKey, setHadKey] = useState(configuration.apiKeyConfigured);
  return (
    <Stack gap="sm" maw={760} component="section" aria-label="Login-hook API key">
      <Title order={2} size="h3">
        Login-hook API key
      </Title>
      <Text size="sm">
        The identity provider's login hook sends it in the <Code>x-api-key</Code> header to ask for the authorization context. Gatehouse stores only its hash and never shows it
        again.
      </Text>
      <Text size="sm" c="dimmed">
        {configuration.apiKeyConfigured ? `The current key was created ${when(configuration.apiKeyCreatedAt)}.` : "No key has been created yet."}
        {configuration.previousApiKeyValidUntil ? ` The previous key is accepted until ${when(configuration.previousApiKeyValidUntil)}.` : ""}
      </Text>
      <Group align="flex-end">
        <NumberInput
          label="Grace period (seconds)"
          description="How long the current key keeps working, so the hook can be updated (0–2,592,000)"
          value={grace}
          onChange={setGrace}
          allowDecimal={false}
          allowNegative={false}
          error={result.error ? fieldErrorOf(result.error, "gracePeriodSeconds") : undefined}
          w={360}
        />
        <ScopedButton
          scope="update:configuration"
          onClick={() => {
            setHadKey(configuration.apiKeyConfigured);
            void rotate({ gracePeriodSeconds: typeof grace === "number" ? grace : 0 }).then((answer) => answer.data && onRotated());
          }}
          loading={result.fetching}
        >
          Rotate API key
        </ScopedButton>
      </Group>
      <ErrorPanel errors={formErrorsOf(result.error, ["gracePeriodSeconds"])} />
      {rotation && (
        <Paper withBorder p="md" bg="yellow.0" role="status" aria-label="The new API key">
          <Stack gap="xs">
            <Text fw={600}>The new API key — copy it now, it is not shown again</Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="new-api-key" style={{ wordBreak: "break-all" }}>
                {rotation.apiKey}
              </Code>
              <CopyButton value={rotation.apiKey}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? "Copied" : "Copy API key"}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm">
              {rotation.previousKeyValidUntil
                ? `The previous key keeps working until ${when(rotation.previousKeyValidUntil)}; update the login hook before then.`
                : hadKey
                  ? "The previous key stopped working now."
                  : "This is the first key: nothing else was replaced."}
            </Text>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/** /admin/configuration: the nine switches, the claim namespace, token settings, and the API key. */
export function ConfigurationPage() {
  const [{ data, error }, reexecute] = useQuery({ query: ConfigurationQuery });
  if (!data) {
    if (error) return <ErrorPanel error={error} title="The configuration could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the configuration" />;
  }
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Configuration</Title>
        <Text size="sm" c="dimmed" mt={4}>
          What every login's answer contains. Last changed {when(data.configuration.updatedAt)}.
        </Text>
      </div>
      <SettingsForm configuration={data.configuration} />
      <ApiKeySection configuration={data.configuration} onRotated={() => reexecute({ requestPolicy: "network-only" })} />
    </Stack>
  );
}

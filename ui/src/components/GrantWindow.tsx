/**
 * Time-bound grants in the console (DESIGN §13, docs/design.md §11): a grant's window as words
 * ("until 1 Dec 2026, 21:00", "from …", nothing when unbounded), its state when it does not count
 * now ("Pending", "Expired"), the "Show inactive grants" switch, and the two optional inputs
 * "Valid from" / "Expires at" of the add pickers (native datetime-local inputs, the browser's time
 * zone; the server checks the window and names `expiresAt` when it is wrong).
 */
import { Badge, Group, Stack, Switch, Text, TextInput } from "@mantine/core";
import type { CombinedError } from "@urql/core";
import { fieldErrorOf } from "../graphql/errors";

/** A grant's window as the API answers it: ISO 8601 instants, null for an open end. */
export interface GrantWindowValue {
  validFrom: string | null;
  expiresAt: string | null;
}

export interface GrantState extends GrantWindowValue {
  /** The server's answer: whether the grant counts at the request's time. */
  active: boolean;
}

/** The fields a window error can name (the server names `expiresAt`). */
export const WINDOW_FIELDS = ["validFrom", "expiresAt"] as const;

const FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

const TIME_ZONE = FORMAT.resolvedOptions().timeZone;

/** "1 Dec 2026, 21:00" in the browser's time zone. */
export function formatInstant(iso: string): string {
  return FORMAT.format(new Date(iso));
}

/** "until …", "from …", "from … until …", or "" for an unbounded grant. */
export function windowText({ validFrom, expiresAt }: GrantWindowValue): string {
  if (validFrom && expiresAt) return `from ${formatInstant(validFrom)} until ${formatInstant(expiresAt)}`;
  if (validFrom) return `from ${formatInstant(validFrom)}`;
  if (expiresAt) return `until ${formatInstant(expiresAt)}`;
  return "";
}

/**
 * Why an inactive grant does not count: its window has ended, or has not started. Null when active,
 * or when its own window is open (an organization member role while the membership is not active).
 */
export function inactiveState(grant: GrantState, now = Date.now()): "Pending" | "Expired" | null {
  if (grant.active) return null;
  if (grant.expiresAt && Date.parse(grant.expiresAt) <= now) return "Expired";
  if (grant.validFrom && Date.parse(grant.validFrom) > now) return "Pending";
  return null;
}

/** The window of one grant for a table cell: the words, and "Pending"/"Expired" when it does not count now; "—" without a window. */
export function GrantWindowText({ grant }: { grant: GrantState }) {
  const text = windowText(grant);
  const state = inactiveState(grant);
  const title = [grant.validFrom && `valid from ${grant.validFrom}`, grant.expiresAt && `expires at ${grant.expiresAt}`].filter(Boolean).join(", ");
  if (!text && !state) {
    // As the other empty cells: a grant without a window counts until it is removed.
    return (
      <Text span size="sm" c="dimmed" title="No window: counts until removed">
        —
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap" component="span">
      {state && (
        <Badge variant="light" color={state === "Expired" ? "gray" : "yellow"} radius="sm" tt="none" size="sm" className="grant-state">
          {state}
        </Badge>
      )}
      {text && (
        <Text span size="sm" c={state ? "dimmed" : undefined} title={title}>
          {text}
        </Text>
      )}
    </Group>
  );
}

/** A member role's window beside its badge: "Pending, from …", "until …"; nothing for an active unbounded role. */
export function GrantWindowNote({ grant }: { grant: GrantState }) {
  const text = [inactiveState(grant), windowText(grant)].filter(Boolean).join(", ");
  if (!text) return null;
  return (
    <Text span size="xs" c="dimmed">
      {text}
    </Text>
  );
}

/** The switch that lists pending and expired grants too (`includeInactive`). */
export function ShowInactiveSwitch({ checked, onChange }: { checked: boolean; onChange(checked: boolean): void }) {
  return <Switch label="Show inactive grants" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} size="sm" />;
}

/** The two inputs' values as the browser gives them ("2026-12-01T21:00", or "" when empty). */
export interface WindowInputValue {
  validFrom: string;
  expiresAt: string;
}

export const NO_WINDOW: WindowInputValue = { validFrom: "", expiresAt: "" };

/** The mutation's `validFrom` / `expiresAt` variables: ISO instants, null when left empty (unbounded). */
export function windowVariables(value: WindowInputValue): GrantWindowValue {
  const iso = (local: string) => {
    if (!local) return null;
    const time = new Date(local).getTime();
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  };
  return { validFrom: iso(value.validFrom), expiresAt: iso(value.expiresAt) };
}

interface WindowInputsProps {
  value: WindowInputValue;
  onChange(value: WindowInputValue): void;
  /** The last add's error: a window error (BAD_USER_INPUT naming expiresAt) is shown next to its input. */
  error?: CombinedError | null;
  /** What the window bounds ("the memberships", "the role assignments"). */
  what: string;
}

/** "Valid from" and "Expires at": optional, both empty for a grant without end. */
export function WindowInputs({ value, onChange, error, what }: WindowInputsProps) {
  return (
    <Stack gap={4}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput
          type="datetime-local"
          label="Valid from"
          value={value.validFrom}
          onChange={(e) => onChange({ ...value, validFrom: e.currentTarget.value })}
          error={fieldErrorOf(error, "validFrom")}
          style={{ flex: 1 }}
        />
        <TextInput
          type="datetime-local"
          label="Expires at"
          value={value.expiresAt}
          onChange={(e) => onChange({ ...value, expiresAt: e.currentTarget.value })}
          error={fieldErrorOf(error, "expiresAt")}
          style={{ flex: 1 }}
        />
      </Group>
      <Text size="xs" c="dimmed">
        Optional, in your time zone ({TIME_ZONE}): {what} count from &ldquo;Valid from&rdquo; and until just before &ldquo;Expires at&rdquo;; empty means no bound. Adding an
        existing grant again sets its window to these values.
      </Text>
    </Stack>
  );
}

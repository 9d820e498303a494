import { DescriptionText, RemoveCell } from "../../components/TableCells";
import "../../components/console-extras.css";
import { Alert, Anchor, Badge, Button, Code, Group, Loader, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useMutation, useQuery } from "urql";
import type { CombinedError } from "@urql/core";
import { Link, navigate } from "../../app/router";
import { applicationHref, permissionHref, roleHref } from "../applications/types";
import { PathTable, PathText, type PathItem } from "../../components/AuthorizationPaths";
import { ErrorPanel } from "../../components/ErrorPanel";
import { GrantWindowText, NO_WINDOW, ShowInactiveSwitch, WINDOW_FIELDS, WindowInputs, windowVariables, type WindowInputValue } from "../../components/GrantWindow";
import { OptionalText } from "../../components/HiddenValue";
import { Picker, type PickerOutcome } from "../../components/Picker";
import { ScopedButton } from "../../components/ScopedButton";
import { blockingErrorsOf, hiddenFieldsOf } from "../../graphql/errors";
import { useViewer } from "../../graphql/viewer";
import { ApplicationSelect } from "./ApplicationSelect";
import {
  AddUserRolesMutation,
  AddUserToGroupsMutation,
  DeleteUserMutation,
  RemoveUserFromGroupsMutation,
  RemoveUserRolesMutation,
  UserApplicationQuery,
  UserPageQuery,
  UserPickGroupsQuery,
  UserPickRolesQuery,
  UserGroupGrantsQuery,
  UserRoleGrantsQuery,
  type EffectiveGroupRow,
  type UserApplicationData,
  type RoleChoice,
  type UserGroupRow,
  type UserProfile,
} from "./user.documents";

const PROFILE_FIELDS = ["name", "email", "connection"];

const groupHref = (id: string) => `/groups/${encodeURIComponent(id)}`;

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A titled block of the page. */
function Section({ title, actions, children, description }: { title: string; actions?: ReactNode; description?: ReactNode; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ flex: 1 }}>
            <Title order={2} size="h4" id={id}>
              {title}
            </Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** A section the session may not read: says which scope would show it. */
function NeedsScope({ scope, what }: { scope: string; what: string }) {
  return (
    <Text size="sm" c="dimmed" fs="italic">
      hidden (needs {scope}): {what}
    </Text>
  );
}

/** One of the user's effective lists for an application: a table, or why it is empty or hidden (null: the scope is missing). */
function EffectiveList<T extends { id: string; name: string }>(props: {
  title: string;
  items: T[] | null | undefined;
  scope: string;
  what: string;
  empty: string;
  columns: [string, string];
  cells(item: T): ReactNode;
  /** The item's page (a role's, a permission's). */
  hrefOf(item: T): string;
}) {
  const { title, items, scope, what, empty, columns, cells, hrefOf } = props;
  return (
    <Stack gap={6}>
      <Title order={3} size="h5">
        {title} ({items?.length ?? "?"})
      </Title>
      {!items ? (
        <NeedsScope scope={scope} what={what} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Table aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column} scope="col">
                  {column}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor component={Link} to={hrefOf(item)} size="sm">
                    {item.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{cells(item)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/**
 * One path per effective group from the model alone (when explainAuthorization may not be asked):
 * up from the direct groups through the parents, worded like explainAuthorization's paths.
 */
export function modelGroupPaths(direct: readonly UserGroupRow[], effective: readonly EffectiveGroupRow[]): PathItem[] {
  const byId = new Map(effective.map((g) => [g.id, g]));
  const chains = new Map<string, string[]>();
  const queue: string[] = [];
  for (const g of direct) {
    chains.set(g.id, [g.name]);
    queue.push(g.id);
  }
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const chain = chains.get(id) ?? [];
    for (const parent of byId.get(id)?.parentGroups ?? []) {
      const group = byId.get(parent.id);
      if (!group || chains.has(group.id)) continue;
      chains.set(group.id, [group.name, ...chain]);
      queue.push(group.id);
    }
  }
  const describe = (chain: string[]) =>
    chain.length === 1 ? `${chain[0]} ← direct membership` : [chain[0], ...chain.slice(1, -1).map((n) => `group ${n}`), `member of ${chain[chain.length - 1]}`].join(" ← ");
  return effective.map((g) => ({ name: g.name, paths: chains.has(g.id) ? [describe(chains.get(g.id) ?? [])] : [], truncated: false })).sort((a, b) => a.name.localeCompare(b.name));
}

function Profile({ user, hidden }: { user: UserProfile; hidden: Map<string, string> }) {
  return (
    <Section title="Profile">
      <dl className="profile-list">
        <dt>User id</dt>
        <dd>
          <Code>{user.id}</Code>
        </dd>
        <dt>Name</dt>
        <dd>
          <OptionalText value={user.name} hidden={hidden.get("name")} />
        </dd>
        <dt>E-mail</dt>
        <dd>
          <OptionalText value={user.email} hidden={hidden.get("email")} />
        </dd>
        <dt>Connection</dt>
        <dd>
          <OptionalText value={user.connection} hidden={hidden.get("connection")} />
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(user.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(user.updatedAt)}</dd>
      </dl>
    </Section>
  );
}

/** The add pickers' window inputs and the last add's error (shown next to "Expires at"). */
function useWindowInputs() {
  const [value, setValue] = useState<WindowInputValue>(NO_WINDOW);
  const [error, setError] = useState<CombinedError | null>(null);
  const reset = () => {
    setValue(NO_WINDOW);
    setError(null);
  };
  const inputs = (what: string) => (
    <WindowInputs
      value={value}
      onChange={(next) => {
        setValue(next);
        setError(null);
      }}
      error={error}
      what={what}
    />
  );
  return { variables: windowVariables(value), setError, reset, inputs };
}

function GroupsSection({ user }: { user: UserProfile }) {
  const [picking, setPicking] = useState(false);
  const [showInactive, setShowInactive] = useState(false);
  const windowInputs = useWindowInputs();
  const [, addToGroups] = useMutation(AddUserToGroupsMutation);
  const [removal, removeFromGroups] = useMutation(RemoveUserFromGroupsMutation);
  // Inactive grants are asked only when shown (the first view keeps its request count).
  const [everyGrant] = useQuery({ query: UserGroupGrantsQuery, variables: { id: user.id }, pause: !showInactive || !user.groupGrants });
  const groups = (showInactive ? everyGrant.data?.user?.groupGrants : undefined) ?? user.groupGrants;
  const assigned = useMemo(() => new Set((user.groups ?? []).map((g) => g.id)), [user.groups]);
  const isAssigned = useCallback((g: UserGroupRow) => assigned.has(g.id), [assigned]);

  const add = async (ids: string[]): Promise<PickerOutcome> => {
    const result = await addToGroups({ userId: user.id, groupIds: ids, ...windowInputs.variables });
    windowInputs.setError(result.error ?? null);
    return result.error ? { kind: "error", error: result.error } : { kind: "done" };
  };

  return (
    <Section
      title="Groups"
      description="Groups that list this user as a direct member. Membership of a group makes the user a member of every group it is nested in."
      actions={
        groups && (
          <Group gap="md" wrap="nowrap">
            <ShowInactiveSwitch checked={showInactive} onChange={setShowInactive} />
            <ScopedButton
              scope="update:users"
              onClick={() => {
                windowInputs.reset();
                setPicking(true);
              }}
            >
              Add to groups
            </ScopedButton>
          </Group>
        )
      }
    >
      {!groups ? (
        <NeedsScope scope="read:groups" what="the groups this user is in" />
      ) : (
        <>
          <ErrorPanel error={removal.error} />
          <ErrorPanel error={everyGrant.error} title="Could not list the inactive memberships" />
          <Table aria-label="Groups of this user">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Group</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Window</Table.Th>
                <Table.Th scope="col">
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map(({ group, ...grant }) => (
                <Table.Tr key={group.id}>
                  <Table.Td>
                    <Anchor component={Link} to={groupHref(group.id)} size="sm">
                      {group.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <DescriptionText text={group.description} lines={2} />
                  </Table.Td>
                  <Table.Td>
                    <GrantWindowText grant={grant} />
                  </Table.Td>
                  <RemoveCell scope="update:users" label={`Remove from ${group.name}`} onRemove={() => removeFromGroups({ userId: user.id, groupIds: [group.id] })} />
                </Table.Tr>
              ))}
              {groups.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text size="sm" c="dimmed">
                      {showInactive ? "This user has no direct membership, active or not." : "This user is a direct member of no group."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </>
      )}
      {picking && (
        <Picker
          title={`Add ${user.name || user.id} to groups`}
          onClose={() => setPicking(false)}
          query={UserPickGroupsQuery}
          variables={(page) => page}
          connection={(d) => d.groups}
          idOf={(g) => g.id}
          labelOf={(g) => g.name}
          isAssigned={isAssigned}
          excludedReason={`${user.name || user.id} is already a direct member`}
          noun="groups"
          columns={[
            { header: "Group", cell: (g) => g.name },
            {
              header: "Description",
              cell: (g) => <DescriptionText text={g.description} lines={1} />,
            },
          ]}
          onAdd={add}
          extra={windowInputs.inputs("the memberships")}
          errorFields={WINDOW_FIELDS}
        />
      )}
    </Section>
  );
}

function EffectiveGroupsSection({ user, explained }: { user: UserProfile; explained: PathItem[] | undefined }) {
  const effective = user.effectiveGroups;
  const ids = useMemo(() => new Map((effective ?? []).map((g) => [g.name.toLowerCase(), g.id])), [effective]);
  const items = explained ?? (effective && user.groups ? modelGroupPaths(user.groups, effective) : undefined);
  return (
    <Section
      title="Effective groups"
      description={
        explained
          ? `Direct groups, groups mapped from the user's connection${user.connection ? ` (${user.connection})` : ""}, and every group above them, with each path (explainAuthorization).`
          : "Direct groups and every group above them, with a path through the nesting."
      }
    >
      {!items ? (
        <NeedsScope scope="read:groups" what="the groups this user is in through nesting" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No effective group.
        </Text>
      ) : (
        <Table aria-label="Effective groups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w="28%">
                Group
              </Table.Th>
              <Table.Th scope="col">Path</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const id = ids.get(item.name.toLowerCase());
              return (
                <Table.Tr key={item.name}>
                  <Table.Td valign="top">
                    {id ? (
                      <Anchor component={Link} to={groupHref(id)} size="sm">
                        {item.name}
                      </Anchor>
                    ) : (
                      <Text size="sm">{item.name}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {item.paths.map((p, i) => (
                        <PathText key={i} path={p} />
                      ))}
                      {item.truncated && (
                        <Text size="xs" c="orange.9" fw={500}>
                          Truncated: more paths exist than the {item.paths.length} listed.
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function RolesSection({ user }: { user: UserProfile }) {
  const { can } = useViewer();
  const [picking, setPicking] = useState(false);
  const [showInactive, setShowInactive] = useState(false);
  const windowInputs = useWindowInputs();
  const [, addRoles] = useMutation(AddUserRolesMutation);
  const [removal, removeRoles] = useMutation(RemoveUserRolesMutation);
  const withApps = can("read:applications");
  const [everyGrant] = useQuery({ query: UserRoleGrantsQuery, variables: { id: user.id, withApps }, pause: !showInactive || !user.roleGrants });
  const roles = (showInactive ? everyGrant.data?.user?.roleGrants : undefined) ?? user.roleGrants;
  const assigned = useMemo(() => new Set((user.roles ?? []).map((r) => r.id)), [user.roles]);
  const isAssigned = useCallback((r: RoleChoice) => assigned.has(r.id), [assigned]);
  const appName = (r: RoleChoice) => r.application?.name ?? r.applicationId;

  const add = async (ids: string[]): Promise<PickerOutcome> => {
    const result = await addRoles({ userId: user.id, roleIds: ids, ...windowInputs.variables });
    windowInputs.setError(result.error ?? null);
    return result.error ? { kind: "error", error: result.error } : { kind: "done" };
  };

  return (
    <Section
      title="Direct roles"
      description="Roles assigned to this user itself (roles of its groups are in the effective roles below)."
      actions={
        roles && (
          <Group gap="md" wrap="nowrap">
            <ShowInactiveSwitch checked={showInactive} onChange={setShowInactive} />
            <ScopedButton
              scope="update:users"
              onClick={() => {
                windowInputs.reset();
                setPicking(true);
              }}
            >
              Add roles
            </ScopedButton>
          </Group>
        )
      }
    >
      {!roles ? (
        <NeedsScope scope="read:roles" what="the roles assigned to this user" />
      ) : (
        <>
          <ErrorPanel error={removal.error} />
          <ErrorPanel error={everyGrant.error} title="Could not list the inactive role assignments" />
          <Table aria-label="Direct roles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Application</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Window</Table.Th>
                <Table.Th scope="col">
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.map(({ role, ...grant }) => (
                <Table.Tr key={role.id}>
                  <Table.Td>
                    <Anchor component={Link} to={roleHref(role.id)} size="sm">
                      {role.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={applicationHref(role.applicationId)} size="sm">
                      {role.application?.name ?? role.applicationId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <DescriptionText text={role.description} lines={2} />
                  </Table.Td>
                  <Table.Td>
                    <GrantWindowText grant={grant} />
                  </Table.Td>
                  <RemoveCell scope="update:users" label={`Remove role ${role.name}`} onRemove={() => removeRoles({ userId: user.id, roleIds: [role.id] })} />
                </Table.Tr>
              ))}
              {roles.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text size="sm" c="dimmed">
                      {showInactive ? "No role is assigned to this user directly, active or not." : "No role is assigned to this user directly."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </>
      )}
      {picking && (
        <Picker
          title={`Add roles to ${user.name || user.id}`}
          onClose={() => setPicking(false)}
          query={UserPickRolesQuery}
          variables={(page) => ({ ...page, withApps })}
          connection={(d) => d.roles}
          idOf={(r) => r.id}
          labelOf={(r) => `${r.name} (${appName(r)})`}
          isAssigned={isAssigned}
          excludedReason="already assigned to this user directly"
          noun="roles"
          columns={[
            { header: "Role", cell: (r) => r.name },
            { header: "Application", cell: (r) => appName(r) },
            { header: "Id", cell: (r) => <Code>{r.id}</Code> },
          ]}
          onAdd={add}
          extra={windowInputs.inputs("the role assignments")}
          errorFields={WINDOW_FIELDS}
        />
      )}
    </Section>
  );
}

/** The organizations the user is a member of (DESIGN §12), with the roles held in each; membership is managed on the Organization page. */
function OrganizationsSection({ user }: { user: UserProfile }) {
  const organizations = user.organizations;
  return (
    <Section title="Organizations" description="Organizations this user is a member of, and the roles held in each (a login for one of them carries only those roles).">
      {!organizations ? (
        <NeedsScope scope="read:organizations" what="the organizations this user belongs to" />
      ) : (
        <Table aria-label="Organizations of this user">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Organization</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Roles there</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {organizations.map(({ organization, roles }) => (
              <Table.Tr key={organization.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${encodeURIComponent(organization.id)}`} size="sm">
                    {organization.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Code>{organization.name}</Code>
                </Table.Td>
                <Table.Td>
                  {!roles ? (
                    <NeedsScope scope="read:roles" what="the roles" />
                  ) : roles.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      none
                    </Text>
                  ) : (
                    <Group gap={6} role="list" aria-label={`Roles in ${organization.displayName}`}>
                      {roles.map((role) => (
                        <Badge key={role.id} role="listitem" variant="light" radius="sm" tt="none" fw={500} size="lg">
                          {role.name} ({role.application?.name ?? role.applicationId})
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {organizations.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="sm" c="dimmed">
                    This user is a member of no organization.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

interface ApplicationSectionProps {
  user: UserProfile;
  applicationId: string | null;
  onApplication(id: string): void;
  onApplicationNames(names: ReadonlyMap<string, string>): void;
  answer: { data?: UserApplicationData; error?: CombinedError; fetching: boolean };
}

function ApplicationSection({ user, applicationId, onApplication, onApplicationNames, answer }: ApplicationSectionProps) {
  const { can } = useViewer();
  const { data, error, fetching } = answer;
  const explanation = data?.explainAuthorization;
  const withExplain = can("read:authorization");
  const direct = useMemo(() => new Set((user.roles ?? []).map((r) => r.id)), [user.roles]);
  // The application of the user's first role, if any: what the admin most likely came for.
  const preferred = user.roles?.[0]?.applicationId ?? user.effectiveRoles?.[0]?.applicationId ?? user.authorizationSnapshots[0]?.applicationId;

  if (!can("read:applications")) {
    return (
      <Section title="Per application">
        <NeedsScope scope="read:applications" what="choosing an application to see the roles and permissions the user holds for it" />
      </Section>
    );
  }
  const simulate = applicationId
    ? `/login-simulator?userId=${encodeURIComponent(user.id)}&clientId=${encodeURIComponent(applicationId)}${user.connection ? `&connection=${encodeURIComponent(user.connection)}` : ""}`
    : null;

  return (
    <Section
      title="Per application"
      description="Roles and permissions belong to one application: what this user holds for the one chosen, and why."
      actions={
        simulate &&
        applicationId && (
          <Group gap="md">
            <Anchor component={Link} to={applicationHref(applicationId)} size="sm">
              Open the application
            </Anchor>
            <Anchor component={Link} to={simulate} size="sm">
              Simulate a login
            </Anchor>
          </Group>
        )
      }
    >
      <ApplicationSelect value={applicationId} preferred={preferred} onChange={onApplication} onNames={onApplicationNames} />
      <ErrorPanel error={error} title="Could not compute this application's roles" />
      {fetching && !data && <Loader size="xs" aria-label="Loading the roles and permissions" />}
      {data?.user && (
        <div className="user-app-grid">
          <EffectiveList
            title="Effective roles"
            items={data.user.effectiveRoles}
            scope="read:roles"
            what="the roles"
            empty="No role of this application."
            columns={["Role", "Held"]}
            hrefOf={(role) => roleHref(role.id)}
            cells={(role) => (
              <Badge size="sm" variant="light" color={direct.has(role.id) ? "blue" : "gray"} tt="none">
                {direct.has(role.id) ? "directly" : "through a group"}
              </Badge>
            )}
          />
          <EffectiveList
            title="Effective permissions"
            items={data.user.effectivePermissions}
            scope="read:permissions"
            what="the permissions"
            empty="No permission of this application."
            columns={["Permission", "Description"]}
            hrefOf={(permission) => permissionHref(permission.id)}
            cells={(permission) => <DescriptionText text={permission.description} />}
          />
        </div>
      )}
      {applicationId && (
        <Stack gap="sm" mt="xs" component="section" aria-labelledby="why-heading">
          <Title order={3} size="h4" id="why-heading">
            Why
          </Title>
          {!withExplain ? (
            <NeedsScope scope="read:authorization" what="every path that gives this user each role and permission" />
          ) : explanation ? (
            <>
              <Text size="sm" c="dimmed">
                Every path (explainAuthorization) at a login through {user.connection ? <Code>{user.connection}</Code> : "no connection"} with no IdP groups; the login simulator
                tries others.
              </Text>
              <PathTable title="Roles" items={explanation.roles} empty="No role of this application." headingOrder={4} />
              <PathTable title="Permissions" items={explanation.permissions} empty="No permission of this application." headingOrder={4} />
            </>
          ) : null}
        </Stack>
      )}
    </Section>
  );
}

function SnapshotsSection({ user, listedNames }: { user: UserProfile; listedNames: ReadonlyMap<string, string> }) {
  const applicationNames = new Map([...listedNames, ...(user.roles ?? []).flatMap((r) => (r.application ? [[r.applicationId, r.application.name] as const] : []))]);
  const list = (names: string[] | null) =>
    names === null ? (
      <Text span size="sm" c="dimmed">
        not stored
      </Text>
    ) : names.length === 0 ? (
      <Text span size="sm" c="dimmed">
        none
      </Text>
    ) : (
      <Text span size="sm">
        {names.join(", ")}
      </Text>
    );
  return (
    <Section title="Authorization snapshots" description="What logins stored for each application (the configuration's persist switches).">
      {user.authorizationSnapshots.length === 0 ? (
        <Text size="sm" c="dimmed">
          No login has stored a snapshot for this user (the persist switches are off, or it has not logged in since they were turned on).
        </Text>
      ) : (
        <Table aria-label="Authorization snapshots">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Application</Table.Th>
              <Table.Th scope="col">Groups</Table.Th>
              <Table.Th scope="col">Roles</Table.Th>
              <Table.Th scope="col">Permissions</Table.Th>
              <Table.Th scope="col">Stored</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {user.authorizationSnapshots.map((s) => (
              <Table.Tr key={s.applicationId}>
                <Table.Td>
                  <Text size="sm">{applicationNames.get(s.applicationId) ?? s.applicationId}</Text>
                </Table.Td>
                <Table.Td>{list(s.groups)}</Table.Td>
                <Table.Td>{list(s.roles)}</Table.Td>
                <Table.Td>{list(s.permissions)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTime(s.updatedAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function DeleteUserDialog({ user, onClose }: { user: UserProfile; onClose(): void }) {
  const [result, deleteUser] = useMutation(DeleteUserMutation);
  const confirm = async () => {
    const answer = await deleteUser({ id: user.id }, { additionalTypenames: ["User"] });
    if (answer.data?.deleteUser) {
      onClose();
      navigate("/users");
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Delete ${user.name || user.id}?`}>
      <Stack>
        <Text size="sm">
          This deletes the user <Code>{user.id}</Code> with all its group memberships and direct role assignments. A later login with this id starts again with no membership
          (mapped groups still apply).
        </Text>
        <ErrorPanel error={result.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={result.fetching}>
            Delete user
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function NotFound({ id }: { id: string }) {
  return (
    <Stack gap="sm" maw={720}>
      <Title order={1}>User not found</Title>
      <Text>
        There is no user with id <Code>{id}</Code> (it may have been deleted, or never imported).
      </Text>
      <Text size="sm" c="dimmed">
        A login with this id would still be answered: an unknown user simply has no memberships, and mapped groups apply. Adding the id to a group creates it as a stub user.
      </Text>
      <Group gap="md">
        <Anchor component={Link} to="/users">
          Back to the users
        </Anchor>
        <Anchor component={Link} to={`/login-simulator?userId=${encodeURIComponent(id)}`}>
          Simulate a login for this id
        </Anchor>
      </Group>
    </Stack>
  );
}

/** /admin/users/:id: one user, its groups and roles, what it holds per application, and why. */
export function UserPage({ id }: { id: string }) {
  const { can } = useViewer();
  const withGroups = can("read:groups");
  const withRoles = can("read:roles");
  const [{ data, error }] = useQuery({
    query: UserPageQuery,
    variables: { id, withGroups, withRoles, withApps: can("read:applications"), withOrganizations: can("read:organizations") },
    pause: !can("read:users"),
  });
  const [deleting, setDeleting] = useState(false);
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const [applicationNames, setApplicationNames] = useState<ReadonlyMap<string, string>>(new Map());
  const user = data?.user;
  // What the user holds for the chosen application, and every path (also the effective groups' paths).
  const [application] = useQuery({
    query: UserApplicationQuery,
    variables: {
      id,
      applicationId: applicationId ?? "",
      connection: user?.connection ?? null,
      withRoles,
      withPermissions: can("read:permissions"),
      withExplain: can("read:authorization"),
    },
    pause: !applicationId || !user,
  });
  const hidden = hiddenFieldsOf(error);

  if (!can("read:users")) {
    return (
      <Stack gap="sm" maw={720}>
        <Title order={1}>User</Title>
        <Alert color="gray" title="Reading a user needs read:users" role="status">
          <Text size="sm">
            This session does not carry the <Code>read:users</Code> scope, so the profile, groups and roles of <Code>{id}</Code> cannot be shown.
          </Text>
        </Alert>
      </Stack>
    );
  }
  if (!data) {
    if (error) return <ErrorPanel error={error} title="This user could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the user" />;
  }
  if (!user) {
    const blocking = blockingErrorsOf(error, PROFILE_FIELDS);
    if (blocking.length > 0) return <ErrorPanel errors={blocking} title="This user could not be loaded" />;
    return <NotFound id={id} />;
  }

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/users" size="sm">
          ← Users
        </Anchor>
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Title order={1}>{user.name || user.id}</Title>
            <Text size="sm" c="dimmed" ff="monospace">
              {user.id}
            </Text>
          </Stack>
          <ScopedButton scope="delete:users" color="red" variant="light" onClick={() => setDeleting(true)}>
            Delete user
          </ScopedButton>
        </Group>
      </Stack>
      <ErrorPanel errors={blockingErrorsOf(error, PROFILE_FIELDS)} />
      <Profile user={user} hidden={hidden} />
      <GroupsSection user={user} />
      <EffectiveGroupsSection user={user} explained={application.data?.explainAuthorization?.groups} />
      <RolesSection user={user} />
      <OrganizationsSection user={user} />
      <ApplicationSection user={user} applicationId={applicationId} onApplication={setApplicationId} onApplicationNames={setApplicationNames} answer={application} />
      <SnapshotsSection user={user} listedNames={applicationNames} />
      {deleting && <DeleteUserDialog user={user} onClose={() => setDeleting(false)} />}
    </Stack>
  );
}

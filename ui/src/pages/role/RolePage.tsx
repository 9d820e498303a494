import { Anchor, Breadcrumbs, Divider, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link, navigate } from "../../app/router";
import { DeleteWithForceDialog } from "../../components/DeleteWithForceDialog";
import { ErrorPanel } from "../../components/ErrorPanel";
import { NameDescriptionForm } from "../../components/NameDescriptionForm";
import { ScopedButton } from "../../components/ScopedButton";
import { fieldErrorOf } from "../../graphql/errors";
import { useViewer } from "../../graphql/viewer";
import { applicationHref, permissionHref } from "../applications/types";
import { PermissionMultiSelect } from "./PermissionMultiSelect";
import { DeleteRoleMutation, RoleQuery, UpdateRoleMutation, type RoleDetail } from "./role.documents";

const sameIds = (a: Iterable<string>, b: Iterable<string>) => [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

function RoleForm({ role }: { role: RoleDetail }) {
  const { can } = useViewer();
  const [permissions, setPermissions] = useState<Map<string, string>>(() => new Map(role.permissions.map((p) => [p.id, p.name])));
  const permissionsChanged = !sameIds(
    permissions.keys(),
    role.permissions.map((p) => p.id),
  );
  return (
    <NameDescriptionForm
      label="Role settings"
      scope="update:roles"
      nameHint="1–50 characters, unique in this application ignoring case"
      current={role}
      mutation={UpdateRoleMutation}
      extra={{
        input: permissionsChanged ? { permissionIds: [...permissions.keys()] } : {},
        changed: permissionsChanged,
        fields: ["permissionIds"],
        render: ({ error, editable, edited }) =>
          can("read:permissions") ? (
            <PermissionMultiSelect
              applicationId={role.applicationId}
              value={permissions}
              onChange={(value) => {
                setPermissions(value);
                edited();
              }}
              error={fieldErrorOf(error, "permissionIds")}
              readOnly={!editable}
            />
          ) : (
            <Text size="sm" c="dimmed">
              Choosing permissions needs read:permissions.
            </Text>
          ),
      }}
    />
  );
}

/** /admin/roles/:id: a role of one application: rename, describe, its permissions, the groups holding it, delete. */
export function RolePage({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: RoleQuery, variables: { id } });
  const [deleting, setDeleting] = useState(false);
  const role = data?.role;

  if (!data) {
    if (error) return <ErrorPanel error={error} title="This role could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the role" />;
  }
  if (!role) {
    return (
      <Stack gap="sm">
        <Title order={1}>Role not found</Title>
        <Text>
          There is no role with id <code>{id}</code> (it may have been deleted).{" "}
          <Anchor component={Link} to="/applications">
            Back to the applications
          </Anchor>
        </Text>
      </Stack>
    );
  }
  const appName = role.application?.name ?? role.applicationId;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to="/applications" size="sm">
            Applications
          </Anchor>
          <Anchor component={Link} to={applicationHref(role.applicationId)} size="sm">
            {appName}
          </Anchor>
          <Text size="sm">{role.name}</Text>
        </Breadcrumbs>
        <Title order={1}>{role.name}</Title>
        <Text c="dimmed" size="sm">
          Role of {appName} · {role.permissions.length} {role.permissions.length === 1 ? "permission" : "permissions"} · held by {role.groups.length}{" "}
          {role.groups.length === 1 ? "group" : "groups"} ·{" "}
          <Anchor component={Link} to={`/audit-log?targetId=${encodeURIComponent(role.id)}`} size="sm">
            Audit log
          </Anchor>
        </Text>
      </Stack>
      <RoleForm role={role} />
      <Stack gap="xs" component="section" aria-label="Permissions of this role">
        <Title order={2} size="h3">
          Permissions of this role
        </Title>
        {role.permissions.length === 0 ? (
          <Text size="sm" c="dimmed">
            None yet: choose them above and Save.
          </Text>
        ) : (
          <Group gap="xs">
            {role.permissions.map((p) => (
              <Anchor key={p.id} component={Link} to={permissionHref(p.id)} size="sm" ff="monospace">
                {p.name}
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-label="Groups holding this role">
        <Title order={2} size="h3">
          Groups holding this role
        </Title>
        <Table aria-label="Groups holding this role">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Group</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {role.groups.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/groups/${encodeURIComponent(g.id)}/roles`} size="sm">
                    {g.name}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
            {role.groups.length === 0 && (
              <Table.Tr>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    No group holds it (users may still hold it directly).
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Stack>
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Delete this role
        </Title>
        <Text size="sm" c="dimmed">
          A role held by groups is only deleted after you confirm that it should be taken from them.
        </Text>
        <div>
          <ScopedButton scope="delete:roles" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete role
          </ScopedButton>
        </div>
      </Stack>
      {deleting && (
        <DeleteWithForceDialog
          title={`Delete ${role.name}?`}
          forceMeans="takes it from those groups and deletes it"
          mutation={DeleteRoleMutation}
          id={role.id}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate(applicationHref(role.applicationId))}
        >
          Deleting {role.name} also takes it from the users holding it directly and drops its permission links; the permissions themselves stay. This cannot be undone.
        </DeleteWithForceDialog>
      )}
    </Stack>
  );
}

import { Anchor, Breadcrumbs, Divider, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { Link, navigate } from "../../app/router";
import { DeleteWithForceDialog } from "../../components/DeleteWithForceDialog";
import { ErrorPanel } from "../../components/ErrorPanel";
import { NameDescriptionForm } from "../../components/NameDescriptionForm";
import { ScopedButton } from "../../components/ScopedButton";
import { applicationHref, roleHref } from "../applications/types";
import { DeletePermissionMutation, PermissionQuery, UpdatePermissionMutation, type PermissionDetail } from "./permission.documents";

function PermissionForm({ permission }: { permission: PermissionDetail }) {
  return (
    <NameDescriptionForm
      label="Permission settings"
      scope="update:permissions"
      nameHint="1–100 characters, unique in this application ignoring case"
      current={permission}
      mutation={UpdatePermissionMutation}
    />
  );
}

/** /admin/permissions/:id: a permission of one application: rename, describe, the roles containing it, delete. */
export function PermissionPage({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: PermissionQuery, variables: { id } });
  const [deleting, setDeleting] = useState(false);
  const permission = data?.permission;

  if (!data) {
    if (error) return <ErrorPanel error={error} title="This permission could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the permission" />;
  }
  if (!permission) {
    return (
      <Stack gap="sm">
        <Title order={1}>Permission not found</Title>
        <Text>
          There is no permission with id <code>{id}</code> (it may have been deleted).{" "}
          <Anchor component={Link} to="/applications">
            Back to the applications
          </Anchor>
        </Text>
      </Stack>
    );
  }
  const appName = permission.application?.name ?? permission.applicationId;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to="/applications" size="sm">
            Applications
          </Anchor>
          <Anchor component={Link} to={applicationHref(permission.applicationId)} size="sm">
            {appName}
          </Anchor>
          <Text size="sm">{permission.name}</Text>
        </Breadcrumbs>
        <Title order={1}>{permission.name}</Title>
        <Text c="dimmed" size="sm">
          Permission of {appName} · in {permission.roles.length} {permission.roles.length === 1 ? "role" : "roles"} ·{" "}
          <Anchor component={Link} to={`/audit-log?targetId=${encodeURIComponent(permission.id)}`} size="sm">
            Audit log
          </Anchor>
        </Text>
      </Stack>
      <PermissionForm permission={permission} />
      <Stack gap="xs" component="section" aria-label="Roles containing this permission">
        <Title order={2} size="h3">
          Roles containing this permission
        </Title>
        <Text size="sm" c="dimmed">
          A role's permissions are chosen on the role's page.
        </Text>
        <Table aria-label="Roles containing this permission">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Role</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {permission.roles.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={roleHref(r.id)} size="sm">
                    {r.name}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
            {permission.roles.length === 0 && (
              <Table.Tr>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    No role contains it.
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
          Delete this permission
        </Title>
        <Text size="sm" c="dimmed">
          A permission that roles contain is only deleted after you confirm that it should be taken out of them.
        </Text>
        <Group>
          <ScopedButton scope="delete:permissions" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete permission
          </ScopedButton>
        </Group>
      </Stack>
      {deleting && (
        <DeleteWithForceDialog
          title={`Delete ${permission.name}?`}
          forceMeans="takes it out of those roles and deletes it"
          mutation={DeletePermissionMutation}
          id={permission.id}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate(applicationHref(permission.applicationId))}
        >
          Deleting {permission.name} removes it from every token that carries it. This cannot be undone.
        </DeleteWithForceDialog>
      )}
    </Stack>
  );
}

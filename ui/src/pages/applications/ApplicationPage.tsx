import { Alert, Anchor, Badge, Breadcrumbs, Divider, Group, Loader, Select, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery } from "urql";
import { Link, navigate } from "../../app/router";
import { DeleteWithForceDialog } from "../../components/DeleteWithForceDialog";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Pager } from "../../components/Pager";
import { ScopedButton } from "../../components/ScopedButton";
import { DescriptionText } from "../../components/TableCells";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { useCursorPaging } from "../../graphql/paging";
import { useViewer } from "../../graphql/viewer";
import { CreatePermissionDialog } from "../permission/CreatePermissionDialog";
import { CreateRoleDialog } from "../role/CreateRoleDialog";
import {
  ApplicationPermissionsQuery,
  ApplicationQuery,
  ApplicationRolesQuery,
  DeleteApplicationMutation,
  UpdateApplicationMutation,
  type ApplicationDetail,
  type ApplicationSettingsInput,
  type OrganizationUsage,
  type ApplicationType,
} from "./applications.documents";
import { APPLICATION_TYPES, permissionHref, roleHref, typeLabel, UNSUPPORTED_EXPLANATION } from "./types";

const PAGE_SIZE = 50;

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

/** The choices of `organizationUsage` (docs/design.md §12), in the words of the form. */
const ORGANIZATION_USAGES: ReadonlyArray<{ value: OrganizationUsage; label: string }> = [
  { value: "ALLOW", label: "Allowed: with or without an organization" },
  { value: "REQUIRE", label: "Required: only for an organization" },
  { value: "DENY", label: "Denied: never for an organization" },
];

function organizationUsageSummary(usage: OrganizationUsage): string {
  if (usage === "REQUIRE") return "logins only for an organization";
  if (usage === "DENY") return "no organization logins";
  return "organization logins allowed";
}

function SettingsForm({ application }: { application: ApplicationDetail }) {
  const { can } = useViewer();
  const [name, setName] = useState(application.name);
  const [type, setType] = useState<ApplicationType>(application.type);
  const [requiredRoles, setRequiredRoles] = useState<string[]>(application.requiredRoles);
  const [organizationUsage, setOrganizationUsage] = useState<OrganizationUsage>(application.organizationUsage);
  const [tenantRoles, setTenantRoles] = useState(application.tenantRolesInOrganizations);
  const [result, update] = useMutation(UpdateApplicationMutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = submitted ? result.error : undefined;
  const editable = can("update:applications");
  const rolesChanged = requiredRoles.join("\u0000") !== application.requiredRoles.join("\u0000");
  const changed =
    name.trim() !== application.name ||
    type !== application.type ||
    rolesChanged ||
    organizationUsage !== application.organizationUsage ||
    tenantRoles !== application.tenantRolesInOrganizations;
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setSaved(false);
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const input: ApplicationSettingsInput = {};
    if (name.trim() !== application.name) input.name = name.trim();
    if (type !== application.type) input.type = type;
    if (rolesChanged) input.requiredRoles = requiredRoles;
    if (organizationUsage !== application.organizationUsage) input.organizationUsage = organizationUsage;
    if (tenantRoles !== application.tenantRolesInOrganizations) input.tenantRolesInOrganizations = tenantRoles;
    const answer = await update({ id: application.id, input });
    if (answer.data) setSaved(true);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Application settings">
      <Stack maw={640}>
        <TextInput label="Name" value={name} onChange={(e) => edited(setName)(e.currentTarget.value)} error={fieldErrorOf(error, "name")} readOnly={!editable} />
        <Select
          label="Type"
          data={APPLICATION_TYPES.map((t) => ({ ...t }))}
          value={type}
          onChange={(value) => value && edited(setType)(value as ApplicationType)}
          allowDeselect={false}
          readOnly={!editable}
          error={fieldErrorOf(error, "type")}
        />
        <TagsInput
          label="Required roles"
          description="Role names; a user holding none of them is denied access (press Enter after each). Empty: no role needed."
          value={requiredRoles}
          onChange={edited(setRequiredRoles)}
          readOnly={!editable}
          error={fieldErrorOf(error, "requiredRoles")}
        />
        <Select
          label="Organization logins"
          description="Whether a login for this application may, must or must not be made for an organization."
          data={ORGANIZATION_USAGES.map((u) => ({ ...u }))}
          value={organizationUsage}
          onChange={(value) => value && edited(setOrganizationUsage)(value as OrganizationUsage)}
          allowDeselect={false}
          readOnly={!editable}
          error={fieldErrorOf(error, "organizationUsage")}
        />
        <Switch
          label="Tenant roles in organization logins"
          description="Off: an organization login carries the member's roles there only. On: also the roles the user holds outside organizations (from groups and directly)."
          checked={tenantRoles}
          onChange={(e) => edited(setTenantRoles)(e.currentTarget.checked)}
          disabled={!editable}
          error={fieldErrorOf(error, "tenantRolesInOrganizations")}
        />
        <ErrorPanel errors={formErrorsOf(error, ["name", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"])} />
        <Group>
          <ScopedButton scope="update:applications" type="submit" disabled={!changed} loading={result.fetching}>
            Save
          </ScopedButton>
          {saved && (
            <Text size="sm" c="teal.9" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function RolesSection({ application }: { application: ApplicationDetail }) {
  const paging = useCursorPaging(application.id);
  const { can } = useViewer();
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }] = useQuery({
    query: ApplicationRolesQuery,
    variables: { applicationId: application.id, search: null, first: PAGE_SIZE, after: paging.after },
    pause: !can("read:roles"),
  });
  const roles = data?.roles;
  return (
    <Section
      title="Roles"
      action={
        <ScopedButton scope="create:roles" disabled={!application.supported} onClick={() => setCreating(true)}>
          Create role
        </ScopedButton>
      }
    >
      {!can("read:roles") ? (
        <Text size="sm" c="dimmed">
          Not visible with this session: listing roles needs read:roles.
        </Text>
      ) : (
        <>
          <ErrorPanel error={error} />
          <Table aria-label="Roles" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Permissions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles?.nodes.map((role) => (
                <Table.Tr key={role.id}>
                  <Table.Td>
                    <Anchor component={Link} to={roleHref(role.id)} size="sm">
                      {role.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <DescriptionText text={role.description} lines={2} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={role.permissions.length ? undefined : "dimmed"} lineClamp={2}>
                      {role.permissions.map((p) => p.name).join(", ") || "—"}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
              {roles && roles.nodes.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text c="dimmed" size="sm">
                      {application.supported ? "This application has no roles yet." : "None: this type of application cannot have roles."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Pager paging={paging} pageInfo={roles?.pageInfo} totalCount={roles?.totalCount} noun="roles" pageSize={PAGE_SIZE} fetching={fetching} />
        </>
      )}
      {creating && <CreateRoleDialog application={application} onClose={() => setCreating(false)} />}
    </Section>
  );
}

function PermissionsSection({ application }: { application: ApplicationDetail }) {
  const paging = useCursorPaging(application.id);
  const { can } = useViewer();
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }] = useQuery({
    query: ApplicationPermissionsQuery,
    variables: { applicationId: application.id, search: null, first: PAGE_SIZE, after: paging.after },
    pause: !can("read:permissions"),
  });
  const permissions = data?.permissions;
  return (
    <Section
      title="Permissions"
      action={
        <ScopedButton scope="create:permissions" disabled={!application.supported} onClick={() => setCreating(true)}>
          Create permission
        </ScopedButton>
      }
    >
      {!can("read:permissions") ? (
        <Text size="sm" c="dimmed">
          Not visible with this session: listing permissions needs read:permissions.
        </Text>
      ) : (
        <>
          <ErrorPanel error={error} />
          <Table aria-label="Permissions" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {permissions?.nodes.map((permission) => (
                <Table.Tr key={permission.id}>
                  <Table.Td>
                    <Anchor component={Link} to={permissionHref(permission.id)} size="sm" ff="monospace">
                      {permission.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <DescriptionText text={permission.description} lines={2} />
                  </Table.Td>
                </Table.Tr>
              ))}
              {permissions && permissions.nodes.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={2}>
                    <Text c="dimmed" size="sm">
                      {application.supported ? "This application has no permissions yet." : "None: this type of application cannot have permissions."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Pager paging={paging} pageInfo={permissions?.pageInfo} totalCount={permissions?.totalCount} noun="permissions" pageSize={PAGE_SIZE} fetching={fetching} />
        </>
      )}
      {creating && <CreatePermissionDialog application={application} onClose={() => setCreating(false)} />}
    </Section>
  );
}

/** /admin/applications/:id: type, required roles, its roles and permissions, delete. */
export function ApplicationPage({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: ApplicationQuery, variables: { id } });
  const [deleting, setDeleting] = useState(false);
  const application = data?.application;

  if (!data) {
    if (error) return <ErrorPanel error={error} title="This application could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the application" />;
  }
  if (!application) {
    return (
      <Stack gap="sm">
        <Title order={1}>Application not found</Title>
        <Text>
          There is no application with client id <code>{id}</code> (it may have been deleted).{" "}
          <Anchor component={Link} to="/applications">
            Back to the applications
          </Anchor>
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to="/applications" size="sm">
            Applications
          </Anchor>
          <Text size="sm">{application.name}</Text>
        </Breadcrumbs>
        <Group gap="sm" align="center">
          <Title order={1}>{application.name}</Title>
          <Badge variant="light" color={application.supported ? "blue" : "gray"}>
            {typeLabel(application.type)}
          </Badge>
        </Group>
        <Text c="dimmed" size="sm">
          Client id <code>{application.id}</code> ·{" "}
          {application.requiredRoles.length > 0 ? `a login needs one of the roles ${application.requiredRoles.join(", ")}` : "no role required to log in"} ·{" "}
          {organizationUsageSummary(application.organizationUsage)} ·{" "}
          <Anchor component={Link} to={`/login-simulator?clientId=${encodeURIComponent(application.id)}`} size="sm">
            Simulate a login
          </Anchor>{" "}
          ·{" "}
          <Anchor component={Link} to={`/audit-log?targetId=${encodeURIComponent(application.id)}`} size="sm">
            Audit log
          </Anchor>
        </Text>
      </Stack>
      {!application.supported && (
        <Alert color="gray" variant="light" title="This type of application has no roles or permissions" maw={760}>
          <Text size="sm">{UNSUPPORTED_EXPLANATION}</Text>
        </Alert>
      )}
      <Section title="Settings">
        <SettingsForm application={application} />
      </Section>
      <RolesSection application={application} />
      <PermissionsSection application={application} />
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Delete this application
        </Title>
        <Text size="sm" c="dimmed">
          An application with roles or permissions is only deleted after you confirm that they go with it.
        </Text>
        <div>
          <ScopedButton scope="update:applications" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete application
          </ScopedButton>
        </div>
      </Stack>
      {deleting && (
        <DeleteWithForceDialog
          title={`Delete ${application.name}?`}
          forceMeans="deletes its roles and permissions (and their assignments to groups and users) with it"
          mutation={DeleteApplicationMutation}
          id={application.id}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate("/applications")}
        >
          Deleting {application.name} ends Gatehouse's answers for its logins (an unknown client id gets no roles). This cannot be undone.
        </DeleteWithForceDialog>
      )}
    </Stack>
  );
}

import { Divider, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../../app/router";
import { DeleteWithForceDialog } from "../../../components/DeleteWithForceDialog";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { ScopedButton } from "../../../components/ScopedButton";
import { fieldErrorOf, formErrorsOf } from "../../../graphql/errors";
import { useViewer } from "../../../graphql/viewer";
import type { OrganizationTabProps } from "../paths";
import { DeleteOrganizationMutation, UpdateOrganizationMutation, type UpdateOrganizationInput } from "./settings.documents";

/** Rename, display name, delete. */
export function SettingsTab({ organization }: OrganizationTabProps) {
  const { can } = useViewer();
  const [name, setName] = useState(organization.name);
  const [displayName, setDisplayName] = useState(organization.displayName);
  const [result, update] = useMutation(UpdateOrganizationMutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const error = submitted ? result.error : undefined;
  const editable = can("update:organizations");
  const changed = name.trim() !== organization.name || displayName.trim() !== organization.displayName;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const input: UpdateOrganizationInput = {};
    if (name.trim() !== organization.name) input.name = name.trim();
    // An emptied display name goes back to the name (the server's null).
    if (displayName.trim() !== organization.displayName) input.displayName = displayName.trim() || null;
    const answer = await update({ id: organization.id, input });
    if (answer.data) {
      setSaved(true);
      setDisplayName(answer.data.updateOrganization.displayName);
    }
  };

  return (
    <Stack gap="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="1–50 of a–z, 0–9, _ and -, unique; the org_name claim"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setSaved(false);
            }}
            error={fieldErrorOf(error, "name")}
            readOnly={!editable}
            autoComplete="off"
          />
          <TextInput
            label="Display name"
            description="Shown to people (and in denial reasons), at most 255 characters; empty: the name"
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.currentTarget.value);
              setSaved(false);
            }}
            error={fieldErrorOf(error, "displayName")}
            readOnly={!editable}
            autoComplete="off"
          />
          <TextInput label="Id" description="Fixed: the org_id claim and what logins name" value={organization.id} readOnly />
          <ErrorPanel errors={formErrorsOf(error, ["name", "displayName"])} />
          <Group>
            <ScopedButton scope="update:organizations" type="submit" disabled={!changed} loading={result.fetching}>
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
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Delete this organization
        </Title>
        <Text size="sm" c="dimmed">
          An organization with members is only deleted after you confirm that its members (and their roles there) should be removed with it.
        </Text>
        <div>
          <ScopedButton scope="delete:organizations" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete organization
          </ScopedButton>
        </div>
      </Stack>
      {deleting && (
        <DeleteWithForceDialog
          title={`Delete ${organization.displayName}?`}
          forceMeans="removes its members (and their roles here) and deletes it"
          mutation={DeleteOrganizationMutation}
          id={organization.id}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate("/organizations")}
        >
          Deleting {organization.displayName} also removes its memberships ({organization.members.totalCount}) and the roles its members hold there; logins for it are then refused
          as made for an unknown organization. The users and the roles themselves stay. This cannot be undone.
        </DeleteWithForceDialog>
      )}
    </Stack>
  );
}

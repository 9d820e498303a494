import { Divider, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../../app/router";
import { DeleteWithForceDialog } from "../../../components/DeleteWithForceDialog";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { ScopedButton } from "../../../components/ScopedButton";
import { fieldErrorOf, formErrorsOf } from "../../../graphql/errors";
import { useViewer } from "../../../graphql/viewer";
import type { GroupTabProps } from "../paths";
import { DeleteGroupMutation, UpdateGroupMutation } from "./settings.documents";

/** Rename, describe, delete. */
export function SettingsTab({ group }: GroupTabProps) {
  const { can } = useViewer();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [result, updateGroup] = useMutation(UpdateGroupMutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const error = submitted ? result.error : undefined;
  const editable = can("update:groups");
  const changed = name.trim() !== group.name || description.trim() !== group.description;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const input: { name?: string; description?: string } = {};
    if (name.trim() !== group.name) input.name = name.trim();
    if (description.trim() !== group.description) input.description = description.trim();
    const answer = await updateGroup({ id: group.id, input });
    if (answer.data) setSaved(true);
  };

  return (
    <Stack gap="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="1–50 characters, unique ignoring case"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setSaved(false);
            }}
            error={fieldErrorOf(error, "name")}
            readOnly={!editable}
          />
          <Textarea
            label="Description"
            description="At most 500 characters"
            value={description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              setSaved(false);
            }}
            error={fieldErrorOf(error, "description")}
            readOnly={!editable}
            autosize
            minRows={2}
          />
          <ErrorPanel errors={formErrorsOf(error, ["name", "description"])} />
          <Group>
            <ScopedButton scope="update:groups" type="submit" disabled={!changed} loading={result.fetching}>
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
          Delete this group
        </Title>
        <Text size="sm" c="dimmed">
          A group nested in other groups is only deleted after you confirm that it should be detached from them.
        </Text>
        <div>
          <ScopedButton scope="delete:groups" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete group
          </ScopedButton>
        </div>
      </Stack>
      {deleting && (
        <DeleteWithForceDialog
          title={`Delete ${group.name}?`}
          forceMeans="detaches it from those groups and deletes it"
          mutation={DeleteGroupMutation}
          id={group.id}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate("/groups")}
        >
          Deleting {group.name} also removes its links: direct memberships ({group.memberCount}), nested groups and parents, roles and mappings. The users, the other groups and the
          roles themselves stay. This cannot be undone.
        </DeleteWithForceDialog>
      )}
    </Stack>
  );
}

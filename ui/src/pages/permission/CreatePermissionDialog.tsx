import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { CreatePermissionMutation } from "../applications/applications.documents";
import { permissionHref } from "../applications/types";

/** "Create permission" of an application: Name and Description. */
export function CreatePermissionDialog({ application, onClose }: { application: { id: string; name: string }; onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [result, create] = useMutation(CreatePermissionMutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const answer = await create({ input: { applicationId: application.id, name: name.trim(), description: description.trim() } });
    if (answer.data?.createPermission) {
      onClose();
      navigate(permissionHref(answer.data.createPermission.id));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Create permission in ${application.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="1–100 characters, unique in this application ignoring case (e.g. read:invoices)"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrorOf(error, "name")}
            data-autofocus
            withAsterisk
          />
          <Textarea
            label="Description"
            description="At most 500 characters"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldErrorOf(error, "description")}
            autosize
            minRows={2}
          />
          <ErrorPanel errors={formErrorsOf(error, ["name", "description"])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { CreateRoleMutation } from "../applications/applications.documents";
import { roleHref } from "../applications/types";
import { PermissionMultiSelect } from "./PermissionMultiSelect";

const FIELDS = ["name", "description", "permissionIds"];

/** "Create role" of an application: Name, Description and its permissions (of that application only). */
export function CreateRoleDialog({ application, onClose }: { application: { id: string; name: string }; onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [permissions, setPermissions] = useState<Map<string, string>>(new Map());
  const [result, create] = useMutation(CreateRoleMutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const answer = await create({ input: { applicationId: application.id, name: name.trim(), description: description.trim(), permissionIds: [...permissions.keys()] } });
    if (answer.data?.createRole) {
      onClose();
      navigate(roleHref(answer.data.createRole.id));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Create role in ${application.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="1–50 characters, unique in this application ignoring case"
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
          <PermissionMultiSelect applicationId={application.id} value={permissions} onChange={setPermissions} error={fieldErrorOf(error, "permissionIds")} />
          <ErrorPanel errors={formErrorsOf(error, FIELDS)} />
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

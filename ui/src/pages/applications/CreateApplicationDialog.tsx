import { Button, Group, Modal, Select, Stack, TagsInput, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { CreateApplicationMutation, type ApplicationType } from "./applications.documents";
import { APPLICATION_TYPES, applicationHref } from "./types";

const FIELDS = ["id", "name", "type", "requiredRoles"];

/** "Create application": the IdP's client id, a name, the type and required roles; field refusals sit by their inputs. */
export function CreateApplicationDialog({ onClose }: { onClose(): void }) {
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [type, setType] = useState<ApplicationType>("REGULAR_WEB");
  const [requiredRoles, setRequiredRoles] = useState<string[]>([]);
  const [result, create] = useMutation(CreateApplicationMutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const answer = await create({ input: { id: id.trim(), name: name.trim(), type, requiredRoles } });
    if (answer.data?.createApplication) {
      onClose();
      navigate(applicationHref(answer.data.createApplication.id));
    }
  };

  return (
    <Modal opened onClose={onClose} title="Create application">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Client id"
            description="The identity provider's client id of the application; cannot change later"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={fieldErrorOf(error, "id")}
            data-autofocus
            withAsterisk
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrorOf(error, "name")} withAsterisk />
          <Select
            label="Type"
            data={APPLICATION_TYPES.map((t) => ({ ...t }))}
            value={type}
            onChange={(value) => value && setType(value as ApplicationType)}
            allowDeselect={false}
            error={fieldErrorOf(error, "type")}
          />
          <TagsInput
            label="Required roles"
            description="Role names; a user holding none of them is denied access (press Enter after each). Empty: no role needed."
            value={requiredRoles}
            onChange={setRequiredRoles}
            error={fieldErrorOf(error, "requiredRoles")}
          />
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

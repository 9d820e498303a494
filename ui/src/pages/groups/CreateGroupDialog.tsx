import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { fieldErrorOf, formErrorsOf } from "../../graphql/errors";
import { CreateGroupMutation } from "./groups.documents";

/** "Create group": Name and Description; a refusal about the name (duplicate, length) shows on the Name input. */
export function CreateGroupDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [result, createGroup] = useMutation(CreateGroupMutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const answer = await createGroup({ input: { name: name.trim(), description: description.trim() } });
    if (answer.data?.createGroup) {
      onClose();
      navigate(`/groups/${encodeURIComponent(answer.data.createGroup.id)}`);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Create group">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="1–50 characters, unique ignoring case"
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

import { Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { CreateDialog } from "../../components/CreateDialog";
import { fieldErrorOf } from "../../graphql/errors";
import { CreateGroupMutation } from "./groups.documents";

/** "Create group": Name and Description; a refusal about the name (duplicate, length) shows on the Name input. */
export function CreateGroupDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  return (
    <CreateDialog
      title="Create group"
      mutation={CreateGroupMutation}
      input={() => ({ name: name.trim(), description: description.trim() })}
      createdHref={(data) => data.createGroup && `/groups/${encodeURIComponent(data.createGroup.id)}`}
      fields={["name", "description"]}
      onClose={onClose}
    >
      {(error) => (
        <>
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
        </>
      )}
    </CreateDialog>
  );
}

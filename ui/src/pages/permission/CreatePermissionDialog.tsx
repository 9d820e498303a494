import { Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { CreateDialog } from "../../components/CreateDialog";
import { fieldErrorOf } from "../../graphql/errors";
import { CreatePermissionMutation } from "../applications/applications.documents";
import { permissionHref } from "../applications/types";

/** "Create permission" of an application: Name and Description. */
export function CreatePermissionDialog({ application, onClose }: { application: { id: string; name: string }; onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  return (
    <CreateDialog
      title={`Create permission in ${application.name}`}
      mutation={CreatePermissionMutation}
      input={() => ({ applicationId: application.id, name: name.trim(), description: description.trim() })}
      createdHref={(data) => data.createPermission && permissionHref(data.createPermission.id)}
      fields={["name", "description"]}
      onClose={onClose}
    >
      {(error) => (
        <>
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
        </>
      )}
    </CreateDialog>
  );
}

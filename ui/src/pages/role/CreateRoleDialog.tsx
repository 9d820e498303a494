import { Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { CreateDialog } from "../../components/CreateDialog";
import { fieldErrorOf } from "../../graphql/errors";
import { CreateRoleMutation } from "../applications/applications.documents";
import { roleHref } from "../applications/types";
import { PermissionMultiSelect } from "./PermissionMultiSelect";

const FIELDS = ["name", "description", "permissionIds"];

/** "Create role" of an application: Name, Description and its permissions (of that application only). */
export function CreateRoleDialog({ application, onClose }: { application: { id: string; name: string }; onClose(): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [permissions, setPermissions] = useState<Map<string, string>>(new Map());
  return (
    <CreateDialog
      title={`Create role in ${application.name}`}
      mutation={CreateRoleMutation}
      input={() => ({ applicationId: application.id, name: name.trim(), description: description.trim(), permissionIds: [...permissions.keys()] })}
      createdHref={(data) => data.createRole && roleHref(data.createRole.id)}
      fields={FIELDS}
      onClose={onClose}
    >
      {(error) => (
        <>
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
        </>
      )}
    </CreateDialog>
  );
}

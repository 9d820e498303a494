import { Select, TagsInput, TextInput } from "@mantine/core";
import { useState } from "react";
import { CreateDialog } from "../../components/CreateDialog";
import { fieldErrorOf } from "../../graphql/errors";
import { CreateApplicationMutation, type ApplicationType } from "./applications.documents";
import { APPLICATION_TYPES, applicationHref } from "./types";

const FIELDS = ["id", "name", "type", "requiredRoles"];

/** "Create application": the IdP's client id, a name, the type and required roles; field refusals sit by their inputs. */
export function CreateApplicationDialog({ onClose }: { onClose(): void }) {
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [type, setType] = useState<ApplicationType>("REGULAR_WEB");
  const [requiredRoles, setRequiredRoles] = useState<string[]>([]);
  return (
    <CreateDialog
      title="Create application"
      mutation={CreateApplicationMutation}
      input={() => ({ id: id.trim(), name: name.trim(), type, requiredRoles })}
      createdHref={(data) => data.createApplication && applicationHref(data.createApplication.id)}
      fields={FIELDS}
      onClose={onClose}
    >
      {(error) => (
        <>
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
        </>
      )}
    </CreateDialog>
  );
}

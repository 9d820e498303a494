import { Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { CreateDialog } from "../../components/CreateDialog";
import { fieldErrorOf } from "../../graphql/errors";
import { blankRow, MetadataEditor, metadataOf, problemsOf, type MetadataRow } from "../organization/MetadataEditor";
import { CreateOrganizationMutation, type CreateOrganizationInput } from "./organizations.documents";

const FIELDS = ["id", "name", "displayName", "metadata"];

/** "Create organization": Name, Display name, an optional id and metadata; refusals show on their inputs. */
export function CreateOrganizationDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [id, setId] = useState("");
  const [rows, setRows] = useState<MetadataRow[]>(() => [blankRow()]);
  const local = problemsOf(rows);
  const blocked = local.rows.size > 0 || local.overall !== undefined;
  return (
    <CreateDialog
      title="Create organization"
      size="lg"
      mutation={CreateOrganizationMutation}
      input={() => {
        // Names are not lowercased for the caller (DESIGN §12): the server says what is wrong with one.
        const input: CreateOrganizationInput = { name: name.trim() };
        if (displayName.trim()) input.displayName = displayName.trim();
        if (id.trim()) input.id = id.trim();
        const metadata = metadataOf(rows);
        if (Object.keys(metadata).length > 0) input.metadata = metadata;
        return input;
      }}
      createdHref={(data) => data.createOrganization && `/organizations/${encodeURIComponent(data.createOrganization.id)}`}
      blocked={blocked}
      fields={FIELDS}
      onClose={onClose}
    >
      {(error) => (
        <>
          <TextInput
            label="Name"
            description="1–50 of a–z, 0–9, _ and -, unique; the org_name claim"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrorOf(error, "name")}
            data-autofocus
            withAsterisk
            autoComplete="off"
          />
          <TextInput
            label="Display name"
            description="Shown to people, at most 255 characters; empty: the name"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={fieldErrorOf(error, "displayName")}
            autoComplete="off"
          />
          <TextInput
            label="Id"
            description="Optional: 1–64 of A–Z, a–z, 0–9, _ and -; empty: a generated org_… id"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={fieldErrorOf(error, "id")}
            autoComplete="off"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Metadata
            </Text>
            <MetadataEditor rows={rows} onChange={setRows} serverError={fieldErrorOf(error, "metadata")} label="Metadata of the new organization" />
          </Stack>
        </>
      )}
    </CreateDialog>
  );
}

import { Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { ScopedButton } from "../../../components/ScopedButton";
import { fieldErrorOf, formErrorsOf } from "../../../graphql/errors";
import { useViewer } from "../../../graphql/viewer";
import { blankRow, MetadataEditor, metadataOf, problemsOf, rowsOf, type MetadataRow } from "../MetadataEditor";
import type { OrganizationTabProps } from "../paths";
import { UpdateOrganizationMutation } from "./settings.documents";

const sameObject = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
};

/** The organization's metadata as key/value rows; "Save" replaces the whole object (DESIGN §12). */
export function MetadataTab({ organization }: OrganizationTabProps) {
  const { can } = useViewer();
  const editable = can("update:organizations");
  const [rows, setRows] = useState<MetadataRow[]>(() => [...rowsOf(organization.metadata), ...(editable ? [blankRow()] : [])]);
  const [result, update] = useMutation(UpdateOrganizationMutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = submitted ? result.error : undefined;
  const local = problemsOf(rows);
  const changed = !sameObject(metadataOf(rows), organization.metadata ?? {});

  const save = async () => {
    setSubmitted(true);
    setSaved(false);
    const answer = await update({ id: organization.id, input: { metadata: metadataOf(rows) } });
    if (answer.data) setSaved(true);
  };

  return (
    <Stack gap="sm" maw={760}>
      <Text size="sm" c="dimmed">
        String keys and values the organization carries; with the configuration&rsquo;s organizationMetadataInToken switch on, a login for it puts them in the org_metadata claim.
      </Text>
      {!editable && Object.keys(organization.metadata ?? {}).length === 0 ? (
        <Text size="sm" c="dimmed">
          {organization.displayName} has no metadata.
        </Text>
      ) : (
        <MetadataEditor
          rows={rows}
          onChange={(next) => {
            setRows(next);
            setSaved(false);
          }}
          readOnly={!editable}
          serverError={fieldErrorOf(error, "metadata")}
          label={`Metadata of ${organization.displayName}`}
        />
      )}
      <ErrorPanel errors={formErrorsOf(error, ["metadata"])} />
      <Group>
        <ScopedButton scope="update:organizations" onClick={save} disabled={!changed || local.rows.size > 0 || local.overall !== undefined} loading={result.fetching}>
          Save
        </ScopedButton>
        {saved && (
          <Text size="sm" c="teal.9" role="status">
            Saved.
          </Text>
        )}
      </Group>
    </Stack>
  );
}

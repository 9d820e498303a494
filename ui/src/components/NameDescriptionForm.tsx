import { Group, Stack, Text, Textarea, TextInput } from "@mantine/core";
import type { CombinedError, TypedDocumentNode } from "@urql/core";
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation } from "urql";
import { fieldErrorOf, formErrorsOf } from "../graphql/errors";
import { useViewer } from "../graphql/viewer";
import { ErrorPanel } from "./ErrorPanel";
import { ScopedButton } from "./ScopedButton";

type NameDescriptionInput = { name?: string; description?: string };

/** What the form hands the fields it does not own (a role's permissions). */
export interface ExtraFieldsContext {
  error: CombinedError | undefined;
  editable: boolean;
  /** Call when an extra field changes: the "Saved." note goes. */
  edited(): void;
}

interface NameDescriptionFormProps<Input extends NameDescriptionInput> {
  /** The form's accessible name ("Role settings"). */
  label: string;
  /** The scope that may save ("update:roles"); without it the fields are read-only. */
  scope: string;
  /** The name field's rule ("1–50 characters, unique in this application ignoring case"). */
  nameHint: string;
  current: { id: string; name: string; description: string };
  mutation: TypedDocumentNode<unknown, { id: string; input: Input }>;
  /** Fields beyond name and description: their changed input (empty when unchanged), their error field names, and how they render. */
  extra?: { input: Omit<Input, "name" | "description">; changed: boolean; fields: string[]; render(context: ExtraFieldsContext): ReactNode };
}

/**
 * The edit form of a Role or Permission page: name and description, only what changed is sent,
 * field errors beside their field, the rest above Save, "Saved." once the server answers.
 */
export function NameDescriptionForm<Input extends NameDescriptionInput>({ label, scope, nameHint, current, mutation, extra }: NameDescriptionFormProps<Input>) {
  const { can } = useViewer();
  const [name, setName] = useState(current.name);
  const [description, setDescription] = useState(current.description);
  const [result, update] = useMutation(mutation);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = submitted ? result.error : undefined;
  const editable = can(scope);
  const changed = name.trim() !== current.name || description.trim() !== current.description || Boolean(extra?.changed);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const own: NameDescriptionInput = {};
    if (name.trim() !== current.name) own.name = name.trim();
    if (description.trim() !== current.description) own.description = description.trim();
    const answer = await update({ id: current.id, input: { ...extra?.input, ...own } as Input });
    if (answer.data) setSaved(true);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack maw={640}>
        <TextInput
          label="Name"
          description={nameHint}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setSaved(false);
          }}
          error={fieldErrorOf(error, "name")}
          readOnly={!editable}
        />
        <Textarea
          label="Description"
          description="At most 500 characters"
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            setSaved(false);
          }}
          error={fieldErrorOf(error, "description")}
          readOnly={!editable}
          autosize
          minRows={2}
        />
        {extra?.render({ error, editable, edited: () => setSaved(false) })}
        <ErrorPanel errors={formErrorsOf(error, ["name", "description", ...(extra?.fields ?? [])])} />
        <Group>
          <ScopedButton scope={scope} type="submit" disabled={!changed} loading={result.fetching}>
            Save
          </ScopedButton>
          {saved && (
            <Text size="sm" c="teal.9" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

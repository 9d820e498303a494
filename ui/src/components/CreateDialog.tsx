import { Button, Group, Modal, Stack, type ModalProps } from "@mantine/core";
import type { CombinedError, TypedDocumentNode } from "@urql/core";
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation } from "urql";
import { navigate } from "../app/router";
import { formErrorsOf } from "../graphql/errors";
import { ErrorPanel } from "./ErrorPanel";

interface CreateDialogProps<Data, Input> {
  /** "Create group" */
  title: string;
  size?: ModalProps["size"];
  mutation: TypedDocumentNode<Data, { input: Input }>;
  /** The mutation's input, built from the dialog's fields when Create is pressed. */
  input(): Input;
  /** The page of what was created (undefined: nothing was). */
  createdHref(data: Data): string | undefined;
  /** The input fields that show their own refusal; any other refusal shows above Create. */
  fields: readonly string[];
  /** A problem found before asking the server (Create is disabled). */
  blocked?: boolean;
  onClose(): void;
  /** The dialog's own fields, given the server's refusal (only after a submit) to place by them. */
  children(error: CombinedError | undefined): ReactNode;
}

/**
 * The console's create dialogs: a modal form whose Create sends one create mutation; field
 * refusals sit by their inputs, the rest above the buttons; a success closes it and opens the new page.
 */
export function CreateDialog<Data, Input>({ title, size, mutation, input, createdHref, fields, blocked = false, onClose, children }: CreateDialogProps<Data, Input>) {
  const [result, create] = useMutation(mutation);
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? result.error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    setSubmitted(true);
    const answer = await create({ input: input() });
    const href = answer.data ? createdHref(answer.data) : undefined;
    if (href) {
      onClose();
      navigate(href);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} size={size}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {children(error)}
          <ErrorPanel errors={formErrorsOf(error, fields)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching} disabled={blocked}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

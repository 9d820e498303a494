import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { TypedDocumentNode } from "@urql/core";
import { useState, type ReactNode } from "react";
import { useMutation } from "urql";
import { errorsOf } from "../graphql/errors";
import { ErrorPanel } from "./ErrorPanel";

interface DeleteWithForceDialogProps {
  /** "Delete Expense User?" */
  title: string;
  /** What deleting removes and what stays. */
  children: ReactNode;
  /** What "Delete with force" does, said after a refusal ("detaches it from those groups and deletes it"). */
  forceMeans: string;
  /** Answers `true` or the deleted object when it deleted (deleteGroup is a Boolean, deleteOrganization the organization). */
  mutation: TypedDocumentNode<Record<string, unknown>, { id: string; force: boolean }>;
  id: string;
  onClose(): void;
  onDeleted(): void;
}

/**
 * Delete, as Group settings does it (DESIGN §11): a plain delete first; a CONFLICT shows what
 * blocks it (the server's message names the blockers) and offers "Delete with force".
 */
export function DeleteWithForceDialog({ title, children, forceMeans, mutation, id, onClose, onDeleted }: DeleteWithForceDialogProps) {
  const [result, remove] = useMutation(mutation);
  const [forced, setForced] = useState(false);
  const refusal = errorsOf(result.error).find((e) => e.code === "CONFLICT");
  const run = async (force: boolean) => {
    setForced(force);
    const answer = await remove({ id, force });
    if (answer.data && Object.values(answer.data).some(Boolean)) {
      onClose();
      onDeleted();
    }
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Text size="sm">{children}</Text>
        {refusal && !forced ? (
          <Alert color="red" variant="light" title="The server refused to delete it" role="alert">
            <Text size="sm">{refusal.message}</Text>
            <Text size="sm" mt="xs">
              Delete with force {forceMeans}, in one step.
            </Text>
          </Alert>
        ) : (
          <ErrorPanel error={result.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          {refusal ? (
            <Button key="force" color="red" onClick={() => run(true)} loading={result.fetching}>
              Delete with force
            </Button>
          ) : (
            <Button key="plain" color="red" onClick={() => run(false)} loading={result.fetching}>
              Delete
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

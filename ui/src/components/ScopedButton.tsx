import { Button, Group, Text, type ButtonProps } from "@mantine/core";
import { useId, type MouseEventHandler, type ReactNode } from "react";
import { useViewer } from "../graphql/viewer";

interface ScopedButtonProps extends ButtonProps {
  /** The scope the action needs; without it the button is disabled and says so. */
  scope: string;
  onClick?: MouseEventHandler<HTMLButtonElement>;
  type?: "button" | "submit";
  children: ReactNode;
}

/**
 * A button for an action that needs a scope (DESIGN §11): disabled without it, with a visible
 * "needs <scope>" note that is also its accessible description. Its name stays the action's.
 */
export function ScopedButton({ scope, children, disabled, type = "button", ...rest }: ScopedButtonProps) {
  const { can } = useViewer();
  const noteId = useId();
  const allowed = can(scope);
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Button type={type} disabled={disabled || !allowed} aria-describedby={allowed ? undefined : noteId} {...rest}>
        {children}
      </Button>
      {!allowed && (
        <Text id={noteId} span size="xs" c="dimmed">
          needs {scope}
        </Text>
      )}
    </Group>
  );
}

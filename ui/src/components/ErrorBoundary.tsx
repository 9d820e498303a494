import { Alert, Button, Code, Stack, Text } from "@mantine/core";
import { CombinedError } from "@urql/core";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorPanel } from "./ErrorPanel";

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the path) clears a caught error. */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  key: unknown;
}

/**
 * Catches what a page throws while rendering so the admin sees the error (for a GraphQL error:
 * each message with its code) instead of a blank page; a new page (resetKey) starts clean.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (!Object.is(props.resetKey, state.key)) return { key: props.resetKey, error: null };
    return null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("The console caught an error", error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <Stack gap="sm" maw={720}>
        {error instanceof CombinedError ? (
          <ErrorPanel error={error} title="This page could not be shown" />
        ) : (
          <Alert color="red" title="This page could not be shown" role="alert">
            <Text size="sm">Something failed in the console itself:</Text>
            <Code block mt="xs">
              {error instanceof Error ? `${error.name}: ${error.message}` : String(error)}
            </Code>
          </Alert>
        )}
        <div>
          <Button variant="default" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </div>
      </Stack>
    );
  }
}

import { Alert, Anchor, Button, Center, Code, Divider, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { navigate, useLocation } from "../../app/router";
import { fetchOidcSignIn, OidcSignIn, tradeCode } from "../../app/session";

type State = { kind: "no-code" } | { kind: "signing-in" } | { kind: "refused"; message: string; code?: string };

/**
 * /admin/login: with `?code=` (a link from `gatehouse admin login-link`) trades the code for a
 * session and goes to the console; without one, or when the server refuses it, says how to get
 * a link, with the server's own message. When the server has an IdP configured (ADMIN_OIDC_*),
 * "Sign in with <issuer host>" starts the server-run OIDC sign-in (a plain link: the browser only
 * follows redirects, it never holds an IdP token).
 */
export function LoginPage() {
  const { search } = useLocation();
  const code = search.get("code");
  const [state, setState] = useState<State>(code ? { kind: "signing-in" } : { kind: "no-code" });
  const traded = useRef<string | null>(null);
  const [oidc, setOidc] = useState<OidcSignIn>({ enabled: false });

  useEffect(() => {
    let current = true;
    void fetchOidcSignIn().then((offer) => {
      if (current) setOidc(offer);
    });
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    // One POST per code, even under StrictMode's double effects: the code is single-use.
    if (!code || traded.current === code) return;
    traded.current = code;
    setState({ kind: "signing-in" });
    void tradeCode(code).then((result) => {
      if (result.ok) {
        // Drop the used code from the address bar and history.
        navigate("/", { replace: true });
      } else {
        window.history.replaceState(null, "", "/admin/login");
        setState({ kind: "refused", message: result.message, code: result.code });
      }
    });
  }, [code]);

  return (
    <Center mih="100vh" p="md" className="login-backdrop">
      <Paper withBorder shadow="sm" p="xl" radius="md" maw={560} w="100%" component="main">
        <Stack gap="md">
          <Text fw={700} c="blue.8" size="sm">
            Gatehouse admin
          </Text>
          <Title order={1}>Sign in</Title>
          {state.kind === "signing-in" && (
            <Text role="status">
              <Loader size="xs" mr="xs" />
              Signing in with the login link…
            </Text>
          )}
          {state.kind === "refused" && (
            <Alert color="red" title="This login link was not accepted" role="alert">
              <Text size="sm">{state.message}</Text>
              {state.code && (
                <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                  {state.code}
                </Text>
              )}
            </Alert>
          )}
          {state.kind !== "signing-in" && oidc.enabled && (
            <>
              <Button component="a" href={oidc.startUrl} size="md">
                Sign in with {oidc.issuerHost}
              </Button>
              <Divider label="or with a login link" labelPosition="center" />
            </>
          )}
          {state.kind !== "signing-in" && (
            <>
              <Text>
                {state.kind === "refused" ? "Login links work once and expire after 10 minutes. Get a new one" : "To sign in, get a login link"} on the machine that runs Gatehouse:
              </Text>
              <Code block>npx gatehouse admin login-link</Code>
              <Text size="sm" c="dimmed">
                It prints a link to this page with a one-time code; open it in this browser. Add <Code>--scopes &quot;read:groups update:groups&quot;</Code> for a session limited
                to those scopes (the default is every scope), and <Code>--subject &lt;your name&gt;</Code> to be named in the audit log.
              </Text>
              <Text size="sm" c="dimmed">
                API clients use bearer tokens instead (<Code>npx gatehouse token create</Code>); try them in the <Anchor href="/graphql">GraphQL playground</Anchor>.
              </Text>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

import { Button, Divider, Group, NavLink, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import logo from "../assets/gatehouse.svg";
import { useViewer } from "../graphql/viewer";
import { href, Link, useLocation } from "./router";
import { signOut } from "./session";

/** The navigation of DESIGN §11 (with "Organizations" of §12). */
export const NAVIGATION: ReadonlyArray<{ label: string; path: string; also?: string[] }> = [
  { label: "Users", path: "/users" },
  { label: "Groups", path: "/groups" },
  { label: "Applications", path: "/applications", also: ["/roles", "/permissions"] },
  { label: "Organizations", path: "/organizations" },
  { label: "Configuration", path: "/configuration" },
  { label: "Login simulator", path: "/login-simulator" },
  { label: "Import / Export", path: "/import-export" },
  { label: "Audit log", path: "/audit-log" },
];

/** "read:groups create:groups …" as "groups: read, create, …", one line per kind. */
function scopesByKind(scopes: readonly string[]): Array<[string, string[]]> {
  const kinds = new Map<string, string[]>();
  for (const scope of scopes) {
    const [action, kind = action] = scope.split(":");
    kinds.set(kind, [...(kinds.get(kind) ?? []), action]);
  }
  return [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function SignedIn() {
  const { viewer } = useViewer();
  const until = viewer.expiresAt ? new Date(viewer.expiresAt) : null;
  const kinds = scopesByKind(viewer.scopes);
  return (
    <Stack gap={6} aria-label="Signed in" component="section">
      <Text size="xs" c="dimmed">
        Signed in as
      </Text>
      <Text fw={600} size="sm" style={{ wordBreak: "break-all" }}>
        {viewer.subject}
      </Text>
      <Text size="xs" c="dimmed">
        {viewer.via === "SESSION" ? "console session" : viewer.via === "TOKEN" ? "bearer token" : "API key"}
        {until ? `, until ${until.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}` : ""}
      </Text>
      <Button
        variant="default"
        size="xs"
        mt={4}
        onClick={() => {
          // A full load: nothing the previous session read stays in the client's cache.
          void signOut().then(() => window.location.assign(href("/login")));
        }}
      >
        Sign out
      </Button>
      <details className="scopes" open={kinds.length <= 4}>
        <summary>
          <Text span size="xs">
            Scopes ({viewer.scopes.length})
          </Text>
        </summary>
        <ul className="scope-list">
          {kinds.map(([kind, actions]) => (
            <li key={kind}>
              <Text span size="xs" fw={600}>
                {kind}:
              </Text>{" "}
              <Text span size="xs">
                {actions.join(", ")}
              </Text>
            </li>
          ))}
        </ul>
      </details>
    </Stack>
  );
}

/** Header, navigation and who is signed in around the page. */
export function Shell({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  return (
    <div className="shell">
      <header className="shell-header">
        <Group gap="xs">
          <img src={logo} alt="" width={24} height={24} />
          <Text fw={700} size="lg" component={Link} to="/groups" c="inherit" td="none">
            Gatehouse
          </Text>
          <Text c="dimmed" size="sm">
            admin console
          </Text>
        </Group>
      </header>
      <nav className="shell-nav" aria-label="Console">
        <Stack gap={2}>
          {NAVIGATION.map((item) => {
            const active = [item.path, ...(item.also ?? [])].some((p) => path === p || path.startsWith(`${p}/`));
            return <NavLink key={item.path} component={Link} to={item.path} label={item.label} active={active} aria-current={active ? "page" : undefined} />;
          })}
        </Stack>
        <Divider my="md" />
        <SignedIn />
      </nav>
      <main className="shell-main">{children}</main>
    </div>
  );
}

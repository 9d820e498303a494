import { Center, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useMemo, type ReactNode } from "react";
import { Provider, useQuery } from "urql";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { ErrorPanel } from "../components/ErrorPanel";
import { createGatehouseClient } from "../graphql/client";
import { isUnauthenticated } from "../graphql/errors";
import { ViewerContext, ViewerQuery, viewerValue } from "../graphql/viewer";
import { ApplicationPage } from "../pages/applications/ApplicationPage";
import { ApplicationsPage } from "../pages/applications/ApplicationsPage";
import { AuditLogPage } from "../pages/audit-log/AuditLogPage";
import { ConfigurationPage } from "../pages/configuration/ConfigurationPage";
import { GroupPage } from "../pages/group/GroupPage";
import { GroupsPage } from "../pages/groups/GroupsPage";
import { ImportExportPage } from "../pages/import-export/ImportExportPage";
import { LoginPage } from "../pages/login/LoginPage";
import { LoginSimulatorPage } from "../pages/login-simulator/LoginSimulatorPage";
import { NotFoundPage } from "../pages/not-found/NotFoundPage";
import { PermissionPage } from "../pages/permission/PermissionPage";
import { RolePage } from "../pages/role/RolePage";
import { OrganizationPage } from "../pages/organization/OrganizationPage";
import { OrganizationsPage } from "../pages/organizations/OrganizationsPage";
import { UserPage } from "../pages/user/UserPage";
import { UsersPage } from "../pages/users/UsersPage";
import { matchPath, navigate, RouterProvider, useLocation } from "./router";
import { Shell } from "./Shell";

/** The console's pages: the first pattern that matches the path below /admin wins. */
const ROUTES: ReadonlyArray<{ pattern: string; render(params: Record<string, string | undefined>): ReactNode }> = [
  { pattern: "/groups", render: () => <GroupsPage /> },
  { pattern: "/groups/:id/:tab?", render: (p) => <GroupPage id={p.id ?? ""} tab={p.tab} /> },
  { pattern: "/users", render: () => <UsersPage /> },
  { pattern: "/users/:id", render: (p) => <UserPage id={p.id ?? ""} /> },
  { pattern: "/applications", render: () => <ApplicationsPage /> },
  { pattern: "/applications/:id", render: (p) => <ApplicationPage id={p.id ?? ""} /> },
  { pattern: "/roles/:id", render: (p) => <RolePage id={p.id ?? ""} /> },
  { pattern: "/permissions/:id", render: (p) => <PermissionPage id={p.id ?? ""} /> },
  { pattern: "/organizations", render: () => <OrganizationsPage /> },
  { pattern: "/organizations/:id/:tab?", render: (p) => <OrganizationPage id={p.id ?? ""} tab={p.tab} /> },
  { pattern: "/configuration", render: () => <ConfigurationPage /> },
  { pattern: "/login-simulator", render: () => <LoginSimulatorPage /> },
  { pattern: "/import-export", render: () => <ImportExportPage /> },
  { pattern: "/audit-log", render: () => <AuditLogPage /> },
];

/** Replaces the address with `to` (after render: navigating is a side effect). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Page() {
  const { path } = useLocation();
  if (path === "/") return <Redirect to="/groups" />;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return <ErrorBoundary resetKey={path}>{route.render(params)}</ErrorBoundary>;
  }
  return <NotFoundPage />;
}

/** Everything behind the sign-in: reads `viewer` first; not signed in → the sign-in page. */
function SignedInConsole() {
  const [{ data, error, fetching }] = useQuery({ query: ViewerQuery, requestPolicy: "network-only" });
  const value = useMemo(() => (data ? viewerValue(data.viewer) : null), [data]);
  if (!value) {
    if (error && !isUnauthenticated(error)) {
      return (
        <Center mih="100vh">
          <Stack maw={640}>
            <ErrorPanel error={error} title="The console could not ask the server who you are" />
          </Stack>
        </Center>
      );
    }
    return (
      <Center mih="100vh">
        <Text role="status" c="dimmed">
          {fetching || !error ? <Loader size="sm" /> : "Redirecting to the sign-in page…"}
        </Text>
      </Center>
    );
  }
  return (
    <ViewerContext.Provider value={value}>
      <Shell>
        <Page />
      </Shell>
    </ViewerContext.Provider>
  );
}

function Root() {
  const { path } = useLocation();
  if (path === "/login") return <LoginPage />;
  return <SignedInConsole />;
}

export function App() {
  const client = useMemo(
    () =>
      createGatehouseClient(() => {
        if (!window.location.pathname.startsWith("/admin/login")) navigate("/login");
      }),
    [],
  );
  return (
    <RouterProvider>
      <Provider value={client}>
        <ErrorBoundary>
          <Root />
        </ErrorBoundary>
      </Provider>
    </RouterProvider>
  );
}

import { Anchor, Breadcrumbs, Code, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useQuery } from "urql";
import { Link, navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { OrganizationHeaderQuery, type OrganizationHeader } from "./organization.documents";
import { organizationPath } from "./paths";
import { MembersTab } from "./tabs/MembersTab";
import { MetadataTab } from "./tabs/MetadataTab";
import { SettingsTab } from "./tabs/SettingsTab";

const TABS: ReadonlyArray<{ value: string; label: string; render(organization: OrganizationHeader): ReactNode }> = [
  { value: "members", label: "Members", render: (o) => <MembersTab organization={o} /> },
  { value: "metadata", label: "Metadata", render: (o) => <MetadataTab organization={o} /> },
  { value: "settings", label: "Settings", render: (o) => <SettingsTab organization={o} /> },
];

/** /admin/organizations/:id[/:tab]: one organization (DESIGN §12); the tab is part of the address. */
export function OrganizationPage({ id, tab = "members" }: { id: string; tab?: string }) {
  const [{ data, error, fetching }] = useQuery({ query: OrganizationHeaderQuery, variables: { id } });
  const current = TABS.find((t) => t.value === tab);
  const organization = data?.organization;

  if (!data) {
    if (error) return <ErrorPanel error={error} title="This organization could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the organization" />;
  }
  if (!organization) {
    return (
      <Stack gap="sm">
        <Title order={1}>Organization not found</Title>
        <Text>
          There is no organization with id <code>{id}</code> (it may have been deleted).{" "}
          <Anchor component={Link} to="/organizations">
            Back to the organizations
          </Anchor>
        </Text>
      </Stack>
    );
  }
  const count = organization.members.totalCount;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/organizations" size="sm">
          Organizations
        </Anchor>
        <Text size="sm">{organization.displayName}</Text>
      </Breadcrumbs>
      <div>
        <Title order={1}>{organization.displayName}</Title>
        <Text c="dimmed" size="sm" mt={4}>
          <Code>{organization.name}</Code> · id <Code>{organization.id}</Code> · {count} {count === 1 ? "member" : "members"}
          {fetching ? " · refreshing…" : ""}
        </Text>
      </div>
      {!current ? (
        <ErrorPanel errors={[{ message: `This organization page has no tab "${tab}".`, code: "NOT_FOUND", extensions: {} }]} />
      ) : (
        <Tabs value={current.value} onChange={(value) => value && navigate(organizationPath(organization.id, value))} keepMounted={false}>
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map((t) => (
            <Tabs.Panel key={t.value} value={t.value} pt="md">
              {t.value === current.value && t.render(organization)}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

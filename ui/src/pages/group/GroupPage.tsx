import { Anchor, Breadcrumbs, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import { lazy, Suspense, type ReactNode } from "react";
import { useQuery } from "urql";
import { Link, navigate } from "../../app/router";
import { ErrorPanel } from "../../components/ErrorPanel";
import { GroupHeaderQuery, type GroupHeader } from "./group.documents";
import { groupPath } from "./paths";
import { CalculatedMembersTab } from "./tabs/CalculatedMembersTab";
import { EffectiveRolesTab } from "./tabs/EffectiveRolesTab";
import { MappingsTab } from "./tabs/MappingsTab";
import { MembersTab } from "./tabs/MembersTab";
import { NestedGroupsTab } from "./tabs/NestedGroupsTab";
import { ParentsTab } from "./tabs/ParentsTab";
import { RolesTab } from "./tabs/RolesTab";
import { SettingsTab } from "./tabs/SettingsTab";

// The hierarchy graph (@xyflow/react + dagre) is a separate chunk, loaded when its tab opens.
const HierarchyTab = lazy(() => import("./hierarchy/HierarchyTab"));

const TABS: ReadonlyArray<{ value: string; label: string; render(group: GroupHeader): ReactNode }> = [
  { value: "members", label: "Members", render: (g) => <MembersTab group={g} /> },
  { value: "calculated-members", label: "Calculated members", render: (g) => <CalculatedMembersTab group={g} /> },
  { value: "nested-groups", label: "Nested groups", render: (g) => <NestedGroupsTab group={g} /> },
  { value: "parents", label: "Parents", render: (g) => <ParentsTab group={g} /> },
  { value: "roles", label: "Roles", render: (g) => <RolesTab group={g} /> },
  { value: "effective-roles", label: "Effective roles", render: (g) => <EffectiveRolesTab group={g} /> },
  { value: "mappings", label: "Mappings", render: (g) => <MappingsTab group={g} /> },
  {
    value: "hierarchy",
    label: "Hierarchy",
    render: (g) => (
      <Suspense fallback={<Loader size="sm" aria-label="Loading the hierarchy view" />}>
        <HierarchyTab group={g} />
      </Suspense>
    ),
  },
  { value: "settings", label: "Settings", render: (g) => <SettingsTab group={g} /> },
];

/** /admin/groups/:id[/:tab]: one group, a tab per kind of link; the tab is part of the address. */
export function GroupPage({ id, tab = "members" }: { id: string; tab?: string }) {
  const [{ data, error, fetching }] = useQuery({ query: GroupHeaderQuery, variables: { id } });
  const current = TABS.find((t) => t.value === tab);
  const group = data?.group;

  if (!data) {
    if (error) return <ErrorPanel error={error} title="This group could not be loaded" />;
    return <Loader size="sm" aria-label="Loading the group" />;
  }
  if (!group) {
    return (
      <Stack gap="sm">
        <Title order={1}>Group not found</Title>
        <Text>
          There is no group with id <code>{id}</code> (it may have been deleted).{" "}
          <Anchor component={Link} to="/groups">
            Back to the groups
          </Anchor>
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/groups" size="sm">
          Groups
        </Anchor>
        <Text size="sm">{group.name}</Text>
      </Breadcrumbs>
      <div>
        <Title order={1}>{group.name}</Title>
        <Text c="dimmed" size="sm" mt={4}>
          {group.description || "No description"} · {group.memberCount} direct {group.memberCount === 1 ? "member" : "members"}
          {fetching ? " · refreshing…" : ""}
        </Text>
      </div>
      {!current ? (
        <ErrorPanel errors={[{ message: `This group page has no tab "${tab}".`, code: "NOT_FOUND", extensions: {} }]} />
      ) : (
        <Tabs value={current.value} onChange={(value) => value && navigate(groupPath(group.id, value))} keepMounted={false}>
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map((t) => (
            <Tabs.Panel key={t.value} value={t.value} pt="md">
              {t.value === current.value && t.render(group)}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

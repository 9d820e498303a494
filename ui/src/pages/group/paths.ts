import type { GroupHeader } from "./group.documents";

/** What every tab of the group page gets. */
export interface GroupTabProps {
  group: GroupHeader;
}

/** The console path of a group's tab (Members has none: it is the group's own address). */
export const groupPath = (id: string, tab?: string) => `/groups/${encodeURIComponent(id)}${tab && tab !== "members" ? `/${tab}` : ""}`;

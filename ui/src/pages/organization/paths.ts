import type { OrganizationHeader } from "./organization.documents";

/** What every tab of the organization page gets. */
export interface OrganizationTabProps {
  organization: OrganizationHeader;
}

/** The console path of an organization's tab (Members has none: it is the organization's own address). */
export const organizationPath = (id: string, tab?: string) => `/organizations/${encodeURIComponent(id)}${tab && tab !== "members" ? `/${tab}` : ""}`;

import type { ApplicationType } from "./applications.documents";

/** The application types, as the Type select offers them. */
export const APPLICATION_TYPES: ReadonlyArray<{ value: ApplicationType; label: string }> = [
  { value: "REGULAR_WEB", label: "Regular web application" },
  { value: "SPA", label: "Single-page application" },
  { value: "NATIVE", label: "Native application" },
  { value: "NON_INTERACTIVE", label: "Machine to machine (non-interactive)" },
];

export const typeLabel = (type: ApplicationType): string => APPLICATION_TYPES.find((t) => t.value === type)?.label ?? type;

/** Why a NON_INTERACTIVE application has no roles or permissions (docs/design.md §2.1). */
export const UNSUPPORTED_EXPLANATION =
  "Machine-to-machine applications have no user logging in, so there is nobody to hold a role: roles and permissions can only be created for native, single-page and regular web applications. Change the type to give it roles.";

export const applicationHref = (id: string): string => `/applications/${encodeURIComponent(id)}`;
export const roleHref = (id: string): string => `/roles/${encodeURIComponent(id)}`;
export const permissionHref = (id: string): string => `/permissions/${encodeURIComponent(id)}`;

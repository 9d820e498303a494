/** The scopes of docs/design.md §5, as the Auth0 extension's API had them, plus Gatehouse's own. */
export const SCOPES = [
  "read:users",
  "update:users",
  "delete:users",
  "read:applications",
  "update:applications",
  "read:groups",
  "create:groups",
  "update:groups",
  "delete:groups",
  "read:roles",
  "create:roles",
  "update:roles",
  "delete:roles",
  "read:permissions",
  "create:permissions",
  "update:permissions",
  "delete:permissions",
  "read:configuration",
  "update:configuration",
  "read:authorization",
  "import:data",
  "export:data",
  "read:audit",
  "read:organizations",
  "create:organizations",
  "update:organizations",
  "delete:organizations",
] as const;

export type Scope = (typeof SCOPES)[number];

const known: ReadonlySet<string> = new Set(SCOPES);

export function isScope(value: string): value is Scope {
  return known.has(value);
}

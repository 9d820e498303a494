import { GraphQLJSON } from "graphql-scalars";
import { ArgsType, Field, Int, ObjectType, registerEnumType } from "type-graphql";

/** How an import treats what the file does not mention. */
export enum ImportMode {
  MERGE = "MERGE",
  REPLACE = "REPLACE",
}

registerEnumType(ImportMode, {
  name: "ImportMode",
  description: "MERGE upserts the file's entities by id and leaves the others alone; REPLACE makes the model exactly the file's.",
  valuesConfig: {
    MERGE: { description: "Upsert by id; entities and links of entities not in the file are kept." },
    REPLACE: { description: "Replace the whole model (the API key and the token signing key are kept)." },
  },
});

/** The kinds an import counts; links are counted apart from the entities they join. */
export const COUNT_KINDS = [
  "applications",
  "users",
  "groups",
  "roles",
  "permissions",
  "mappings",
  "memberships",
  "nestings",
  "groupRoles",
  "rolePermissions",
  "userRoles",
  "organizations",
  "configuration",
] as const;

export type CountKind = (typeof COUNT_KINDS)[number];

/** Counts per kind of what an import creates, updates or deletes (or would, in a dry run). */
@ObjectType({ description: "Counts per kind; links (memberships, nestings, …) are counted apart from entities." })
export class ImportCounts implements Record<CountKind, number> {
  @Field(() => Int) applications: number;
  @Field(() => Int) users: number;
  @Field(() => Int) groups: number;
  @Field(() => Int) roles: number;
  @Field(() => Int) permissions: number;
  @Field(() => Int, { description: "Group mappings (connection + IdP group)." })
  mappings: number;
  @Field(() => Int, { description: "Direct group memberships of users." })
  memberships: number;
  @Field(() => Int, { description: "Nesting links (parent → child)." })
  nestings: number;
  @Field(() => Int, { description: "Roles held by groups." })
  groupRoles: number;
  @Field(() => Int, { description: "Permissions contained in roles." })
  rolePermissions: number;
  @Field(() => Int, { description: "Roles assigned directly to users." })
  userRoles: number;
  @Field(() => Int, { description: "Organizations (with their members and member roles)." })
  organizations: number;
  @Field(() => Int, { description: "1 when the configuration record changes." })
  configuration: number;
}

export function emptyCounts(): ImportCounts {
  const counts = new ImportCounts();
  for (const kind of COUNT_KINDS) counts[kind] = 0;
  return counts;
}

@ObjectType({ description: "What an import changed, or would change with dryRun." })
export class ImportResult {
  @Field(() => ImportMode)
  mode: ImportMode;

  @Field({ description: "True when nothing was written." })
  dryRun: boolean;

  @Field(() => ImportCounts)
  created: ImportCounts;

  @Field(() => ImportCounts, { description: "Existing entities whose fields change (unchanged ones are not counted)." })
  updated: ImportCounts;

  @Field(() => ImportCounts)
  deleted: ImportCounts;

  @Field(() => [String], { description: "What was accepted but ignored or made up (legacy keys, stubs, the extension's API key)." })
  warnings: string[];
}

@ArgsType()
export class ImportDataArgs {
  @Field(() => GraphQLJSON, {
    description: "A file of exportData or of the Auth0 Authorization Extension's export. Bodies above BODY_LIMIT_BYTES are refused: use `gatehouse import`.",
  })
  data: unknown;

  @Field(() => ImportMode, { defaultValue: ImportMode.MERGE })
  mode: ImportMode;

  @Field({ defaultValue: false, description: "Validate and count without writing." })
  dryRun: boolean;

  @Field({
    defaultValue: false,
    description:
      "Repair a dirty export: drop dangling group, role and permission ids and self-nesting, break each nesting cycle at the edge whose (parent name, child name) sorts last; one warning per repair, naming its path. Names colliding ignoring case are still refused.",
  })
  repair: boolean;
}

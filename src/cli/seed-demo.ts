import { ApplicationType } from "../applications/application.entity";
import { Group } from "../groups/group.entity";
import { App } from "../server/app";
import { DEMO_APPLICATION_ID, DEMO_TOP_GROUP } from "../common/demo";
import { nameKey } from "../common/names";
import { cliContext } from "./cli-context";

export { DEMO_APPLICATION_ID };

/** What `seed demo` created, for the summary it prints. */
export interface DemoSeed {
  applicationId: string;
  groups: Record<string, string>;
  roles: Record<string, string>;
  users: string[];
}

/**
 * Loads the example company of docs/design.md §9. Refuses to run twice (the group names would clash):
 * returns null when `Example Company` already exists.
 */
export async function seedDemo(app: App): Promise<DemoSeed | null> {
  const { services, db } = app;
  const ctx = cliContext(db, "cli:seed demo");
  if (await db.manager.findOneBy(Group, { nameKey: nameKey(DEMO_TOP_GROUP) })) return null;

  await services.applications.create(ctx, {
    id: DEMO_APPLICATION_ID,
    name: "Expense Management Tool",
    type: ApplicationType.REGULAR_WEB,
    requiredRoles: [],
  });
  const permissionNames = ["view:own-expenses", "add:expense", "approve:expenses", "view:all-expenses", "delete:expenses"];
  const permissions: Record<string, string> = {};
  for (const name of permissionNames) {
    permissions[name] = (await services.permissions.create(ctx, { applicationId: DEMO_APPLICATION_ID, name, description: "" })).id;
  }
  const roleSpecs: Array<[string, string[]]> = [
    ["Expense User", ["view:own-expenses", "add:expense"]],
    ["Expense Admin", ["approve:expenses", "view:all-expenses", "delete:expenses", "add:expense"]],
  ];
  const roles: Record<string, string> = {};
  for (const [name, perms] of roleSpecs) {
    roles[name] = (
      await services.roles.create(ctx, {
        applicationId: DEMO_APPLICATION_ID,
        name,
        description: `${name} of the Expense Management Tool`,
        permissionIds: perms.map((p) => permissions[p]),
      })
    ).id;
  }
  const groupNames = ["Example Company", "Accounting", "External Accountants", "Human Resources", "Finance", "Finance IT Support", "Management"];
  const groups: Record<string, string> = {};
  for (const name of groupNames) groups[name] = (await services.groups.create(ctx, { name, description: "" })).id;
  const nesting: Array<[string, string[]]> = [
    ["Example Company", ["Accounting", "Human Resources", "Finance", "Management"]],
    ["Accounting", ["External Accountants"]],
    ["Finance", ["Finance IT Support"]],
  ];
  for (const [parent, children] of nesting) {
    await services.groupNesting.addNested(
      ctx,
      groups[parent],
      children.map((c) => groups[c]),
    );
  }
  await services.groups.addRoles(ctx, groups["Example Company"], [roles["Expense User"]]);
  await services.groups.addRoles(ctx, groups["Finance"], [roles["Expense Admin"]]);
  await services.groups.addMappings(ctx, groups["Management"], [{ connectionName: "corp-ad", groupName: "Administrative" }]);

  const users = [
    { id: "auth0|alice", email: "alice@example.com", name: "Alice (external accountant)", connection: "Username-Password-Authentication", group: "External Accountants" },
    { id: "auth0|bob", email: "bob@example.com", name: "Bob (Finance IT support)", connection: "Username-Password-Authentication", group: "Finance IT Support" },
  ];
  await services.users.upsert(
    ctx,
    users.map(({ group: _group, ...user }) => user),
  );
  for (const user of users) await services.groups.addMembers(ctx, groups[user.group], [user.id]);
  return { applicationId: DEMO_APPLICATION_ID, groups, roles, users: users.map((u) => u.id) };
}

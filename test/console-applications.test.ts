/**
 * The console's Applications, Application, Role and Permission pages (docs/design.md §11) in
 * headless Chromium, offline. One scripted admin session (a login link from the real CLI)
 * creates an application, two permissions and a role holding them, edits the role's permissions
 * with the multi-select, has a role deletion refused (a group holds it) and then forced, deletes
 * a permission and the application (refused, forced); an unsupported type explains why it has no
 * roles; the Audit log shows each change with the signed-in subject and links to its target.
 * Every change is asserted through GraphQL. On every page: axe, no request off 127.0.0.1, no CSP
 * violation, at most 5 GraphQL requests on the first view. Needs `npm run build` (dist/, ui/dist).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import type { OfflineBrowser } from "./helpers/browser";
import { expectClean, expectFieldError, expectFirstView, expectPageClean, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(240_000);

const SUBJECT = "console-admin";

interface RoleInfo {
  id: string;
  name: string;
  description: string;
  permissions: Array<{ name: string }>;
}

describe("console: Applications, Application, Role and Permission pages", () => {
  let t: TestServer;
  let workDir: string;
  let shots: string;
  let teamId: string;
  const browsers: OfflineBrowser[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-console-applications-"));
    shots = path.join(workDir, "screenshots");
    t = await startTestServer();
    teamId = (await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: { name: "Billing Team" }) { id } }`)).createGroup.id;
    await t.ok(`mutation { createApplication(input: { id: "nightly-sync", name: "Nightly Sync", type: NON_INTERACTIVE }) { id } }`);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
    console.log(`console-applications artefacts: ${workDir}`);
  });

  const dialog = (page: Page, name: string | RegExp) => page.getByRole("dialog", { name });
  const application = async (id: string) =>
    (
      await t.ok<{
        application: {
          id: string;
          name: string;
          type: string;
          requiredRoles: string[];
          organizationUsage: string;
          tenantRolesInOrganizations: boolean;
          roles: RoleInfo[];
          permissions: Array<{ id: string; name: string; description: string }>;
        } | null;
      }>(
        `query($id: ID!) { application(id: $id) { id name type requiredRoles organizationUsage tenantRolesInOrganizations roles { id name description permissions { name } } permissions { id name description } } }`,
        { id },
      )
    ).application;
  const role = async (id: string) => (await t.ok<{ role: RoleInfo | null }>(`query($id: ID!) { role(id: $id) { id name description permissions { name } } }`, { id })).role;
  const idFromUrl = (page: Page, kind: string) => decodeURIComponent(new URL(page.url()).pathname.split(`/admin/${kind}/`)[1] ?? "");

  test("create an application, permissions and a role; edit the role; deletions refused then forced; the audit log shows each change", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-admin"), "--scopes", "all", "--subject", SUBJECT);
    browsers.push(browser);
    const { page } = browser;

    // Applications: the list, searched on the server.
    await expectFirstView(browser, `${t.baseUrl}/admin/applications`, () => page.getByRole("link", { name: "Nightly Sync" }).waitFor());
    await expectPageClean(browser, shots, "applications");

    // "Create application": client id, name, type, required roles.
    await page.getByRole("button", { name: "Create application" }).click();
    const create = dialog(page, "Create application");
    await create.getByLabel("Client id").fill("billing-web");
    await create.getByLabel("Name").fill("Billing");
    await create.getByLabel("Required roles").fill("Billing Clerk");
    await create.getByLabel("Required roles").press("Enter");
    await expectPageClean(browser, shots, "create-application");
    await create.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1, exact: true }).waitFor();
    expect(page.url()).toBe(`${t.baseUrl}/admin/applications/billing-web`);
    expect(await application("billing-web")).toMatchObject({ name: "Billing", type: "REGULAR_WEB", requiredRoles: ["Billing Clerk"], roles: [], permissions: [] });

    // The same client id again: the CONFLICT is tied to the Client id input.
    await page.getByRole("navigation").getByRole("link", { name: "Applications", exact: true }).click();
    await page.getByRole("button", { name: "Create application" }).click();
    await create.getByLabel("Client id").fill("billing-web");
    await create.getByLabel("Name").fill("Billing again");
    await create.getByRole("button", { name: "Create" }).click();
    await expectFieldError(page, create.getByLabel("Client id"), /already exists/);
    expect(await create.getByLabel("Name").getAttribute("aria-invalid")).not.toBe("true");
    await expectPageClean(browser, shots, "create-application-duplicate");
    await create.getByRole("button", { name: "Cancel" }).click();

    // Two permissions through "Create permission" on the application's page.
    for (const [name, description] of [
      ["read:invoices", "Read invoices"],
      ["write:invoices", "Issue and edit invoices"],
    ]) {
      await expectFirstView(browser, `${t.baseUrl}/admin/applications/billing-web`, () => page.getByRole("button", { name: "Create permission" }).waitFor());
      await page.getByRole("button", { name: "Create permission" }).click();
      const form = dialog(page, "Create permission in Billing");
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("Description").fill(description);
      await form.getByRole("button", { name: "Create" }).click();
      await page.getByRole("heading", { name, level: 1 }).waitFor();
    }
    expect((await application("billing-web"))!.permissions.map((p) => [p.name, p.description])).toEqual([
      ["read:invoices", "Read invoices"],
      ["write:invoices", "Issue and edit invoices"],
    ]);

    // "Create role" with both permissions, chosen in the multi-select (only this application's).
    await expectFirstView(browser, `${t.baseUrl}/admin/applications/billing-web`, () => page.getByRole("link", { name: "write:invoices" }).waitFor());
    await expectPageClean(browser, shots, "application");
    await page.getByRole("button", { name: "Create role" }).click();
    const roleForm = dialog(page, "Create role in Billing");
    await roleForm.getByLabel("Name").fill("Billing Clerk");
    await roleForm.getByLabel("Description").fill("Issues invoices");
    const picker = roleForm.getByRole("combobox", { name: "Permissions" });
    await picker.click();
    await picker.fill("invoices");
    await page.getByRole("option", { name: "read:invoices" }).click();
    await page.getByRole("option", { name: "write:invoices" }).click();
    await page.keyboard.press("Escape");
    await expectPageClean(browser, shots, "create-role");
    await roleForm.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Billing Clerk", level: 1, exact: true }).waitFor();
    const roleId = idFromUrl(page, "roles");
    expect(await role(roleId)).toMatchObject({ name: "Billing Clerk", description: "Issues invoices", permissions: [{ name: "read:invoices" }, { name: "write:invoices" }] });

    // The Role page: drop write:invoices (Backspace removes the last one) and Save.
    await expectFirstView(browser, `${t.baseUrl}/admin/roles/${roleId}`, () => page.getByRole("button", { name: "Save" }).waitFor());
    await expectPageClean(browser, shots, "role");
    const permissions = page.getByRole("combobox", { name: "Permissions" });
    await permissions.click();
    await permissions.press("Backspace");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await role(roleId))!.permissions).toEqual([{ name: "read:invoices" }]);

    // The audit log: the session's subject on each change, a target link opening its page.
    await expectFirstView(browser, `${t.baseUrl}/admin/audit-log`, () => page.getByRole("table", { name: "Audit log" }).getByText("updateRole").waitFor());
    await page.getByLabel("Actor").fill(SUBJECT);
    // The token's entries (test-admin made nightly-sync and the group) leave the list.
    await page.waitForFunction(() => !document.querySelector('table[aria-label="Audit log"]')?.textContent?.includes("test-admin"));
    const log = page.getByRole("table", { name: "Audit log" });
    for (const operation of ["createApplication", "createPermission", "createRole", "updateRole"]) {
      const row = log.getByRole("row").filter({ has: page.getByText(operation, { exact: true }) });
      await expect(row.first().textContent()).resolves.toContain(SUBJECT);
    }
    // The test token's createApplication (nightly-sync) is filtered out by the actor.
    await expect(log.getByText("nightly-sync").count()).resolves.toBe(0);
    await expectPageClean(browser, shots, "audit-log");
    const createRoleRow = log.getByRole("row").filter({ has: page.getByText("createRole", { exact: true }) });
    await createRoleRow.getByRole("link", { name: `role ${roleId}` }).click();
    await page.getByRole("heading", { name: "Billing Clerk", level: 1, exact: true }).waitFor();

    // A group holds the role: deleting it is refused, naming the group; then forced.
    await t.ok(`mutation($g: ID!, $r: ID!) { addGroupRoles(groupId: $g, roleIds: [$r]) { id } }`, { g: teamId, r: roleId });
    await expectFirstView(browser, `${t.baseUrl}/admin/roles/${roleId}`, () => page.getByRole("link", { name: "Billing Team" }).waitFor());
    await page.getByRole("button", { name: "Delete role" }).click();
    const del = dialog(page, "Delete Billing Clerk?");
    await del.getByRole("button", { name: "Delete", exact: true }).click();
    await del
      .getByRole("alert")
      .getByText(/used by groups "?Billing Team/)
      .waitFor();
    expect(await role(roleId)).not.toBeNull();
    await expectPageClean(browser, shots, "delete-role-refused");
    await del.getByRole("button", { name: "Delete with force" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1, exact: true }).waitFor();
    expect(await role(roleId)).toBeNull();
    expect((await t.ok<any>(`query($id: ID!) { group(id: $id) { roles { id } } }`, { id: teamId })).group.roles).toEqual([]);

    // The Permission page: describe it again, Save; an unused permission deletes at once.
    const [read, write] = (await application("billing-web"))!.permissions;
    await expectFirstView(browser, `${t.baseUrl}/admin/permissions/${read.id}`, () => page.getByRole("button", { name: "Save" }).waitFor());
    await expectPageClean(browser, shots, "permission");
    await page.getByLabel("Description").fill("Read every invoice");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await application("billing-web"))!.permissions[0]).toMatchObject({ name: "read:invoices", description: "Read every invoice" });
    await expectFirstView(browser, `${t.baseUrl}/admin/permissions/${write.id}`, () => page.getByRole("button", { name: "Delete permission" }).waitFor());
    await page.getByRole("button", { name: "Delete permission" }).click();
    await dialog(page, "Delete write:invoices?").getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("heading", { name: "Billing", level: 1, exact: true }).waitFor();
    expect((await application("billing-web"))!.permissions.map((p) => p.name)).toEqual(["read:invoices"]);

    // Settings of the application: Save, asserted through GraphQL (organization settings included, docs/design.md §12).
    await page.getByLabel("Name", { exact: true }).fill("Billing Portal");
    await page.getByRole("combobox", { name: "Organization logins" }).click();
    await page.getByRole("option", { name: "Required: only for an organization" }).click();
    await page.getByRole("switch", { name: "Tenant roles in organization logins" }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await application("billing-web")).toMatchObject({ name: "Billing Portal", organizationUsage: "REQUIRE", tenantRolesInOrganizations: true });
    await page.getByText("logins only for an organization").waitFor();

    // The application still has a permission: refused, naming it; forced.
    await page.getByRole("button", { name: "Delete application" }).click();
    const delApp = dialog(page, "Delete Billing Portal?");
    await delApp.getByRole("button", { name: "Delete", exact: true }).click();
    await delApp
      .getByRole("alert")
      .getByText(/read:invoices/)
      .waitFor();
    expect(await application("billing-web")).not.toBeNull();
    await delApp.getByRole("button", { name: "Delete with force" }).click();
    await page.getByRole("heading", { name: "Applications", level: 1, exact: true }).waitFor();
    expect(await application("billing-web")).toBeNull();

    // The deletions are in the audit log under the subject, with force.
    await expectFirstView(browser, `${t.baseUrl}/admin/audit-log?targetId=${encodeURIComponent(roleId)}`, () => log.getByText("deleteRole", { exact: true }).first().waitFor());
    const deletions = log.getByRole("row").filter({ has: page.getByText("deleteRole", { exact: true }) });
    // The refused attempt wrote nothing: one deleteRole entry, the forced one.
    await expect(deletions.count()).resolves.toBe(1);
    await expect(deletions.textContent()).resolves.toContain(SUBJECT);
    await deletions.getByRole("button", { name: /^Show details of entry/ }).click();
    await expect(deletions.locator("pre").textContent()).resolves.toMatch(/"force": true/);

    // A machine-to-machine application: why it has no roles; Create role disabled.
    await expectFirstView(browser, `${t.baseUrl}/admin/applications/nightly-sync`, () => page.getByRole("heading", { name: "Nightly Sync", level: 1, exact: true }).waitFor());
    await page.getByText(/Machine-to-machine applications have no user logging in/).waitFor();
    expect(await page.getByRole("button", { name: "Create role" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Create permission" }).isDisabled()).toBe(true);
    await expectPageClean(browser, shots, "application-unsupported");
    expectClean(browser);
  });

  test("a read-only session sees the applications, and Create application disabled with the scope it needs", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-reader"), "--scopes", "read:groups read:applications read:roles read:permissions", "--subject", "auditor");
    browsers.push(browser);
    const { page } = browser;
    await expectFirstView(browser, `${t.baseUrl}/admin/applications`, () => page.getByRole("link", { name: "Nightly Sync" }).waitFor());
    const button = page.getByRole("button", { name: "Create application" });
    expect(await button.isDisabled()).toBe(true);
    expect(await page.locator(`[id="${await button.getAttribute("aria-describedby")}"]`).textContent()).toBe("needs update:applications");
    await expectPageClean(browser, shots, "applications-read-only");
  });
});

/**
 * The console's Users and User pages (docs/design.md §11) in headless Chromium, offline: one
 * scripted admin session signed in with a link from the real CLI, acting by accessible names and
 * checking through GraphQL that each change happened; a read-only session; axe; no request off
 * the origin; at most 5 GraphQL requests per first view. Screenshots go to a temp dir (artefacts)
 * and, on the example company, to docs/console/ when CONSOLE_SCREENSHOTS=docs/console. Needs `npm run build` (dist/ and ui/dist).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo } from "../src/cli/seed-demo";
import { axeViolations, screenshot, type OfflineBrowser } from "./helpers/browser";
import { expectClean, firstView, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(120_000);

// docs/console/ is written only when asked (CONSOLE_SCREENSHOTS=docs/console), so a test run leaves the tree clean.
const DOCS = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : undefined;
const ALICE = "auth0|alice";

describe("console: Users and User pages", () => {
  let t: TestServer;
  let workDir: string;
  let session: OfflineBrowser | undefined;
  let shots: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-console-users-"));
    shots = path.join(workDir, "screenshots");
    t = await startTestServer();
    expect(await seedDemo(t.server.app)).not.toBeNull();
    await t.ok(`mutation { updateConfiguration(input: { persistGroups: true, persistRoles: true, persistPermissions: true }) { persistGroups } }`);
    // A login stores Alice's snapshot (persist switches), so the page has one to show.
    await t.ok(`{ authorizationContext(userId: "${ALICE}", clientId: "expense-management-tool") { groups } }`);
    console.log(`console-users artefacts: ${workDir}`);
  });

  afterAll(async () => {
    await session?.close();
    await t?.stop();
  });

  const userState = async (id: string) =>
    (await t.ok<any>(`query($id: ID!) { user(id: $id) { id groups { name } roles { name } } }`, { id })).user as {
      groups: Array<{ name: string }>;
      roles: Array<{ name: string }>;
    } | null;

  test("an admin searches, opens Alice, adds and removes a group and a role, and deletes a user", async () => {
    session = await openConsole(t, path.join(workDir, "profile-admin"), "--scopes", "all", "--subject", "console-admin");
    const { page } = session;

    // Users: the list, first view.
    const users = page.getByRole("table", { name: "Users" });
    const usersView = await firstView(session, `${t.baseUrl}/admin/users`, () => users.getByRole("link", { name: ALICE }).waitFor());
    expect(usersView.length).toBeLessThanOrEqual(5);
    expect(await users.getByRole("columnheader").allTextContents()).toEqual(["User id", "Name", "E-mail", "Connection"]);
    await expect(users.getByRole("row", { name: /auth0\|alice/ }).textContent()).resolves.toContain("alice@example.com");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "users");
    if (DOCS) await screenshot(page, DOCS, "users");

    // Search as you type (on the server), and a search with no match.
    const before = session.graphql.length;
    await page.getByLabel("Search").fill("bob");
    await users.getByRole("link", { name: "auth0|bob" }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Users"] tbody tr').length === 1);
    expect(session.graphql.length).toBeGreaterThan(before);
    await page.getByLabel("Search").fill("nobody-at-all");
    await page.getByText("No user id, e-mail or name contains “nobody-at-all”.").waitFor();
    await page.getByLabel("Search").fill("");
    // Each row links to its user (an in-page navigation).
    await users.getByRole("link", { name: ALICE }).click();
    await page.waitForURL(`${t.baseUrl}/admin/users/auth0%7Calice`);
    await page.getByRole("heading", { level: 1, name: "Alice (external accountant)" }).waitFor();
    await page.waitForLoadState("networkidle");

    // User: Alice, first view (a full load, as from a bookmark).
    const userView = await firstView(session, `${t.baseUrl}/admin/users/${encodeURIComponent(ALICE)}`, async () => {
      await page.getByRole("heading", { level: 1, name: "Alice (external accountant)" }).waitFor();
      await page.getByRole("table", { name: "Effective groups" }).getByText("Example Company ← group Accounting ← member of External Accountants").waitFor();
      await page.getByRole("table", { name: "Effective roles" }).getByText("Expense User", { exact: true }).waitFor();
      await page.getByRole("table", { name: "Roles: paths" }).getByText("Expense User ← group Example Company ← group Accounting ← member of External Accountants").waitFor();
    });
    expect(userView.length).toBeLessThanOrEqual(5);
    expect(await page.getByRole("table", { name: "Effective permissions" }).getByRole("row").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("add:expense"), expect.stringContaining("view:own-expenses")]),
    );
    expect(await page.getByRole("table", { name: "Groups of this user" }).getByRole("link").allTextContents()).toEqual(["External Accountants"]);
    const snapshots = page.getByRole("table", { name: "Authorization snapshots" });
    await snapshots.getByText("Expense User").waitFor();
    await snapshots.getByText("Expense Management Tool").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "user");
    if (DOCS) await screenshot(page, DOCS, "user");

    // Add Alice to Management with the group picker.
    await page.getByRole("button", { name: "Add to groups" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByLabel("Search").fill("manage");
    await dialog.getByRole("checkbox", { name: "Select Management" }).check();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "user-group-picker");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("table", { name: "Groups of this user" }).getByRole("link", { name: "Management" }).waitFor();
    expect((await userState(ALICE))?.groups.map((g) => g.name).sort()).toEqual(["External Accountants", "Management"]);

    // Give her Expense Admin directly with the role picker.
    await page.getByRole("button", { name: "Add roles" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Search").fill("admin");
    await dialog.getByRole("checkbox", { name: "Select Expense Admin (Expense Management Tool)" }).check();
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("table", { name: "Direct roles" }).getByText("Expense Admin", { exact: true }).waitFor();
    expect((await userState(ALICE))?.roles.map((r) => r.name)).toEqual(["Expense Admin"]);
    // The effective roles follow (the page asks again after the change).
    await page.getByRole("table", { name: "Effective roles" }).getByText("Expense Admin", { exact: true }).waitFor();

    // Take both away again.
    await page.getByRole("button", { name: "Remove role Expense Admin" }).click();
    await page.getByText("No role is assigned to this user directly.").waitFor();
    expect((await userState(ALICE))?.roles).toEqual([]);
    await page.getByRole("button", { name: "Remove from Management" }).click();
    await page.getByRole("table", { name: "Groups of this user" }).getByRole("link", { name: "Management" }).waitFor({ state: "detached" });
    expect((await userState(ALICE))?.groups.map((g) => g.name)).toEqual(["External Accountants"]);

    // Delete a user, confirmed in a dialog.
    await t.ok(`mutation { upsertUsers(users: [{ id: "auth0|carol", name: "Carol (leaving)", email: "carol@example.com" }]) { id } }`);
    await page.goto(`${t.baseUrl}/admin/users/auth0%7Ccarol`);
    await page.getByRole("heading", { level: 1, name: "Carol (leaving)" }).waitFor();
    await page.getByRole("button", { name: "Delete user" }).click();
    dialog = page.getByRole("dialog", { name: "Delete Carol (leaving)?" });
    await dialog.getByRole("button", { name: "Delete user" }).click();
    await page.waitForURL(`${t.baseUrl}/admin/users`);
    await page.getByRole("table", { name: "Users" }).getByRole("link", { name: ALICE }).waitFor();
    expect(await page.getByRole("link", { name: "auth0|carol" }).count()).toBe(0);
    expect(await userState("auth0|carol")).toBeNull();

    // Cursor paging: 55 users matching "bulk|", 50 a page.
    const bulk = Array.from({ length: 55 }, (_, i) => ({ id: `bulk|${String(i + 1).padStart(3, "0")}`, email: `bulk${i + 1}@example.org` }));
    await t.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { id } }`, { users: bulk });
    await page.getByLabel("Search").fill("bulk|");
    await page.getByText("1–50 of 55 users").waitFor();
    expect(await page.getByRole("table", { name: "Users" }).getByRole("link").count()).toBe(50);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("51–55 of 55 users").waitFor();
    expect(await page.getByRole("table", { name: "Users" }).getByRole("link").allTextContents()).toEqual(["bulk|051", "bulk|052", "bulk|053", "bulk|054", "bulk|055"]);
    await page.getByRole("button", { name: "Previous" }).click();
    await page.getByRole("table", { name: "Users" }).getByRole("link", { name: "bulk|001" }).waitFor();

    // An unknown id says so.
    await page.goto(`${t.baseUrl}/admin/users/auth0%7Cnobody`);
    await page.getByRole("heading", { level: 1, name: "User not found" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "user-not-found");

    expectClean(session);
    await session.close();
    session = undefined;
  });

  test("a read-only session sees no e-mail and every action disabled, saying which scope it needs", async () => {
    // Only read:groups: the users cannot be listed at all, and no e-mail appears.
    session = await openConsole(t, path.join(workDir, "profile-groups"), "--scopes", "read:groups", "--subject", "auditor");
    const { page } = session;
    const view = await firstView(session, `${t.baseUrl}/admin/users`, () => page.getByText("Listing users needs read:users").waitFor());
    expect(view).toEqual(["Viewer"]);
    expect(await page.locator("main").textContent()).not.toContain("@example.com");
    expect(await page.getByRole("table", { name: "Users" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "users-read-groups");
    await page.goto(`${t.baseUrl}/admin/users/${encodeURIComponent(ALICE)}`);
    await page.getByText("Reading a user needs read:users").waitFor();
    expect(await page.locator("main").textContent()).not.toContain("@example.com");
    expectClean(session);
    await session.close();

    // Every read scope but no write one: the page shows, its actions are disabled and say why.
    const reader = "read:users read:groups read:roles read:permissions read:applications read:authorization";
    session = await openConsole(t, path.join(workDir, "profile-reader"), "--scopes", reader, "--subject", "reader");
    const readerPage = session.page;
    await readerPage.goto(`${t.baseUrl}/admin/users/${encodeURIComponent(ALICE)}`);
    await readerPage.getByRole("heading", { level: 1, name: "Alice (external accountant)" }).waitFor();
    for (const [name, scope] of [
      ["Add to groups", "update:users"],
      ["Add roles", "update:users"],
      ["Delete user", "delete:users"],
    ]) {
      const button = readerPage.getByRole("button", { name, exact: true });
      expect(await button.isDisabled()).toBe(true);
      const described = await button.getAttribute("aria-describedby");
      expect(await readerPage.locator(`[id="${described}"]`).textContent()).toBe(`needs ${scope}`);
    }
    expect(await readerPage.getByRole("button", { name: "Remove from External Accountants" }).isDisabled()).toBe(true);
    expect(await axeViolations(readerPage)).toEqual([]);
    await screenshot(readerPage, shots, "user-read-only");
    expectClean(session);
  });
});

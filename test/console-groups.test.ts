/**
 * The admin console's Groups and Group pages (docs/design.md §11) in headless Chromium, offline
 * (helpers/browser.ts), against a real server serving the built console (ui/dist: `npm test`
 * builds it). One scripted admin session signs in with a link from the real CLI, creates a
 * group, adds members through the picker (a pasted unknown id becomes a stub user after a
 * question), nests groups, reads the calculated members with the group each comes through and
 * gets a cycle refused; every change is checked through GraphQL. A read-only session
 * (`--scopes "read:groups"`) sees the actions disabled with the scope they need and no e-mails.
 * On every page: axe finds no serious or critical violation, no request leaves 127.0.0.1, no
 * Content-Security-Policy violation, and the first view sends at most 5 GraphQL requests.
 * Screenshots go to TEST_ARTIFACTS_DIR (default: a temp dir), printed at the end.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { assertChromium, axeViolations, OfflineBrowser, openOfflineBrowser, screenshot } from "./helpers/browser";
import { firstView, loginLink, signIn } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(240_000);

const MAX_FIRST_VIEW_REQUESTS = 5;

interface GroupInfo {
  id: string;
  name: string;
  description: string;
  members: { nodes: Array<{ id: string }> };
  nestedGroups: Array<{ id: string; name: string }>;
}

describe("admin console: Groups and Group pages in headless Chromium, offline", () => {
  let t: TestServer;
  let artifacts: string;
  const browsers: OfflineBrowser[] = [];
  const visited: string[] = [];
  let auditorsId = "";

  beforeAll(async () => {
    assertChromium();
    artifacts = process.env.TEST_ARTIFACTS_DIR ? path.join(process.env.TEST_ARTIFACTS_DIR, "console-groups") : mkdtempSync(path.join(tmpdir(), "gatehouse-console-groups-"));
    t = await startTestServer();
    await t.ok(`mutation { upsertUsers(users: [
      {id: "auth0|alice", email: "alice@example.com", name: "Alice Auditor"},
      {id: "auth0|bob", email: "bob@example.com", name: "Bob Builder"},
      {id: "auth0|carol", email: "carol@example.com", name: "Carol Checker"}
    ]) { id } }`);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
    if (artifacts) process.stdout.write(`console-groups screenshots: ${artifacts}\n`);
  });

  async function open(name: string): Promise<OfflineBrowser> {
    const browser = await openOfflineBrowser(path.join(artifacts, `profile-${name}`));
    browsers.push(browser);
    return browser;
  }

  const groupByName = async (name: string): Promise<GroupInfo> => {
    const data = await t.ok<{ groups: { nodes: GroupInfo[] } }>(
      `query($s: String) { groups(search: $s) { nodes { id name description members { nodes { id } } nestedGroups { id name } } } }`,
      { s: name },
    );
    const found = data.groups.nodes.find((g) => g.name === name);
    if (!found) throw new Error(`no group named ${name}`);
    return found;
  };

  /** What every visited page must satisfy: axe, offline, CSP, no page error; and a screenshot. */
  async function checkPage(browser: OfflineBrowser, name: string): Promise<void> {
    visited.push(name);
    await screenshot(browser.page, artifacts, name);
    expect({ page: name, axe: await axeViolations(browser.page) }).toEqual({ page: name, axe: [] });
    expect({ page: name, external: [...browser.external], csp: browser.cspViolations, errors: browser.pageErrors }).toEqual({ page: name, external: [], csp: [], errors: [] });
  }

  /** A full load of `url`: at most 5 GraphQL requests until the page is ready. */
  async function expectFirstView(browser: OfflineBrowser, url: string, ready: (page: Page) => Promise<unknown>): Promise<void> {
    let operations: string[];
    try {
      operations = await firstView(browser, url, () => ready(browser.page));
    } catch (error) {
      const shot = await screenshot(browser.page, artifacts, `failure-${visited.length}`);
      if (error instanceof Error) error.message += `\nScreenshot: ${shot}\nPage errors: ${JSON.stringify(browser.pageErrors)}`;
      throw error;
    }
    expect(operations.length).toBeGreaterThan(0);
    expect({ url, operations, withinLimit: operations.length <= MAX_FIRST_VIEW_REQUESTS }).toEqual({ url, operations, withinLimit: true });
  }

  const dialog = (page: Page, name: string | RegExp) => page.getByRole("dialog", { name });
  const rowsOf = (page: Page, table: string) => page.getByRole("table", { name: table }).locator("tbody tr");

  test("an admin signs in with a login link, creates a group, adds members, nests groups and gets a cycle refused", async () => {
    const browser = await open("admin");
    const { page } = browser;
    const link = await loginLink(t, "--subject", "console-admin");

    // Signing in: the link's code is traded for the session cookie; the console shows who is signed in.
    await signIn(page, link);
    for (const name of ["Users", "Groups", "Applications", "Configuration", "Login simulator", "Import / Export", "Audit log"]) {
      await expect(page.getByRole("navigation").getByRole("link", { name, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole("region", { name: "Signed in" }).textContent()).resolves.toContain("console-admin");
    await checkPage(browser, "01-groups");

    // The same link a second time: refused, with the server's message and how to get a new one.
    await page.goto(link);
    await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
    const refusal = page.getByRole("alert");
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/code|link/i);
    await expect(page.getByText("npx gatehouse admin login-link", { exact: true }).count()).resolves.toBe(1);
    await checkPage(browser, "02-sign-in-refused");

    // Creating a group through the "Create group" dialog.
    await expectFirstView(browser, `${t.baseUrl}/admin/groups`, (p) => p.getByRole("button", { name: "Create group" }).waitFor());
    await page.getByRole("button", { name: "Create group" }).click();
    const create = dialog(page, "Create group");
    await create.getByLabel("Name").fill("Auditors");
    await create.getByLabel("Description").fill("People who audit the books");
    await checkPage(browser, "03-create-group");
    await create.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Auditors", level: 1, exact: true }).waitFor();
    const auditors = await groupByName("Auditors");
    expect(auditors).toMatchObject({ name: "Auditors", description: "People who audit the books" });
    auditorsId = auditors.id;
    expect(page.url()).toBe(`${t.baseUrl}/admin/groups/${auditorsId}`);

    // A duplicate name (ignoring case) is refused next to the Name input (aria-invalid, aria-describedby).
    await page.getByRole("navigation").getByRole("link", { name: "Groups", exact: true }).click();
    await page.getByRole("button", { name: "Create group" }).click();
    await create.getByLabel("Name").fill("auditors");
    await create.getByRole("button", { name: "Create" }).click();
    const nameInput = create.getByLabel("Name");
    await page.waitForFunction(() => document.querySelector('[role="dialog"] input[aria-invalid="true"]') !== null);
    const describedBy = (await nameInput.getAttribute("aria-describedby")) ?? "";
    const descriptions = await Promise.all(
      describedBy
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(descriptions.join(" ")).toMatch(/already exists/);
    await checkPage(browser, "04-create-group-duplicate");
    await create.getByRole("button", { name: "Cancel" }).click();
    expect((await t.ok<{ groups: { totalCount: number } }>(`{ groups(search: "auditors") { totalCount } }`)).groups.totalCount).toBe(1);

    // Search as you type on the server, then the group page.
    await page.getByLabel("Search").fill("audit");
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Groups"] tbody tr').length === 1);
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}`, (p) => p.getByRole("button", { name: "Add members" }).waitFor());
    await checkPage(browser, "05-group-members-empty");

    // Adding members through the picker: one found by searching, one pasted id that is no user yet.
    await page.getByRole("button", { name: "Add members" }).click();
    const picker = dialog(page, "Add members to Auditors");
    await picker.getByLabel("Search").fill("alice");
    // The server's answer to "alice" replaces the unfiltered first page.
    await picker.getByRole("checkbox", { name: "Select auth0|bob" }).waitFor({ state: "detached" });
    await picker.getByRole("checkbox", { name: "Select auth0|alice" }).waitFor();
    await picker.getByRole("checkbox", { name: "Select auth0|alice" }).check();
    await picker.getByLabel("Paste ids").fill("ext|newcomer");
    await checkPage(browser, "06-members-picker");
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    // ext|newcomer is unknown: the picker asks before a stub user is created.
    // (The pasted id is on the page already: wait for the question itself, not for the id.)
    await picker.getByRole("button", { name: "Create stub users and add" }).waitFor();
    await expect(picker.textContent()).resolves.toContain("stub user");
    await expect(picker.getByText("ext|newcomer", { exact: true }).count()).resolves.toBeGreaterThanOrEqual(1);
    expect((await t.ok<{ user: unknown }>(`{ user(id: "ext|newcomer") { id } }`)).user).toBeNull();
    await checkPage(browser, "07-members-stub-question");
    await picker.getByRole("button", { name: "Create stub users and add" }).click();
    await picker.waitFor({ state: "detached" });
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Members of Auditors"] tbody tr').length === 2);
    expect((await groupByName("Auditors")).members.nodes.map((m) => m.id).sort()).toEqual(["auth0|alice", "ext|newcomer"]);
    expect((await t.ok<{ user: unknown }>(`{ user(id: "ext|newcomer") { id } }`)).user).toEqual({ id: "ext|newcomer" });
    await checkPage(browser, "08-group-members");

    // The picker leaves out who is already a member.
    await page.getByRole("button", { name: "Add members" }).click();
    await picker.getByRole("checkbox", { name: "Select auth0|bob" }).waitFor();
    await expect(picker.getByRole("checkbox", { name: "Select auth0|alice" }).count()).resolves.toBe(0);
    await picker.getByRole("button", { name: "Cancel" }).click();

    // Nesting: "Internal Audit" (bob and alice as members) becomes a child of Auditors through the picker.
    const internal = await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: {name: "Internal Audit"}) { id } }`);
    await t.ok(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["auth0|bob", "auth0|alice"]) { id } }`, { g: internal.createGroup.id });
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/nested-groups`, (p) => p.getByRole("button", { name: "Add nested groups" }).waitFor());
    await page.getByRole("button", { name: "Add nested groups" }).click();
    const nestPicker = dialog(page, "Add nested groups to Auditors");
    await nestPicker.getByLabel("Search").fill("audit");
    await nestPicker.getByRole("checkbox", { name: "Select Internal Audit" }).waitFor();
    // The group itself is not offered.
    await expect(nestPicker.getByRole("checkbox", { name: "Select Auditors" }).count()).resolves.toBe(0);
    await nestPicker.getByRole("checkbox", { name: "Select Internal Audit" }).check();
    await nestPicker.getByRole("button", { name: "Add", exact: true }).click();
    await nestPicker.waitFor({ state: "detached" });
    await page.getByRole("table", { name: "Groups nested in Auditors" }).getByRole("link", { name: "Internal Audit" }).waitFor();
    expect((await groupByName("Auditors")).nestedGroups.map((g) => g.name)).toEqual(["Internal Audit"]);
    await checkPage(browser, "09-nested-groups");

    // Calculated members: one row per (user, group it comes through); alice twice.
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/calculated-members`, (p) =>
      p.waitForFunction(() => document.querySelectorAll('table[aria-label="Calculated members of Auditors"] tbody tr').length === 4),
    );
    const calculated = await t.ok<{ group: { calculatedMembers: { totalCount: number; nodes: Array<{ user: { id: string }; group: { name: string } }> } } }>(
      `query($id: ID!) { group(id: $id) { calculatedMembers { totalCount nodes { user { id } group { name } } } } }`,
      { id: auditorsId },
    );
    expect(calculated.group.calculatedMembers.totalCount).toBe(4);
    const shown = (await rowsOf(page, "Calculated members of Auditors").allInnerTexts()).map((row) => row.replace(/\s+/g, " ").trim());
    for (const { user, group } of calculated.group.calculatedMembers.nodes) {
      expect(shown.some((row) => row.startsWith(user.id) && row.includes(group.name))).toBe(true);
    }
    expect(shown.filter((row) => row.startsWith("auth0|alice"))).toHaveLength(2);
    await expect(page.getByText("4 of 4 (user, group) pairs").count()).resolves.toBe(1);
    await checkPage(browser, "10-calculated-members");

    // A cycle: nesting Auditors in Internal Audit is refused, and the message names the cycle.
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${internal.createGroup.id}/nested-groups`, (p) => p.getByRole("button", { name: "Add nested groups" }).waitFor());
    await page.getByRole("button", { name: "Add nested groups" }).click();
    const cyclePicker = dialog(page, "Add nested groups to Internal Audit");
    await cyclePicker.getByLabel("Search").fill("Auditors");
    await cyclePicker.getByRole("checkbox", { name: "Select Auditors" }).check();
    await cyclePicker.getByRole("button", { name: "Add", exact: true }).click();
    const cycleAlert = cyclePicker.getByRole("alert");
    await cycleAlert.waitFor();
    await expect(cycleAlert.textContent()).resolves.toMatch(/cycle: (Internal Audit → Auditors → Internal Audit|Auditors → Internal Audit → Auditors)/);
    await expect(cycleAlert.textContent()).resolves.toContain("CONFLICT");
    await checkPage(browser, "11-cycle-refused");
    await cyclePicker.getByRole("button", { name: "Cancel" }).click();
    expect((await groupByName("Internal Audit")).nestedGroups).toEqual([]);

    // The other tabs: first view, axe, offline.
    const tabs: Array<[string, string, (p: Page) => Promise<unknown>]> = [
      ["parents", "12-parents", (p) => p.getByRole("table", { name: "Groups Internal Audit is nested in" }).getByRole("link", { name: "Auditors" }).waitFor()],
      ["roles", "13-roles", (p) => p.getByRole("button", { name: "Add roles" }).waitFor()],
      ["effective-roles", "14-effective-roles", (p) => p.getByRole("table", { name: "Effective roles of Internal Audit" }).waitFor()],
      ["mappings", "15-mappings", (p) => p.getByRole("button", { name: "Add mapping" }).waitFor()],
      ["settings", "16-settings", (p) => p.getByRole("button", { name: "Save" }).waitFor()],
    ];
    for (const [tab, name, ready] of tabs) {
      await expectFirstView(browser, `${t.baseUrl}/admin/groups/${internal.createGroup.id}/${tab}`, ready);
      await page.waitForLoadState("networkidle");
      await checkPage(browser, name);
    }

    // Settings: a new description is saved; a group nested in a parent is deleted only "with force".
    await page.getByLabel("Description").fill("Checks the checkers");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await groupByName("Internal Audit")).description).toBe("Checks the checkers");
    const temp = await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: {name: "Temporary Audit"}) { id } }`);
    await t.ok(`mutation($p: ID!, $c: ID!) { addNestedGroups(groupId: $p, groupIds: [$c]) { id } }`, { p: auditorsId, c: temp.createGroup.id });
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${temp.createGroup.id}/settings`, (p) => p.getByRole("button", { name: "Delete group" }).waitFor());
    await page.getByRole("button", { name: "Delete group" }).click();
    const confirmDelete = dialog(page, "Delete Temporary Audit?");
    await confirmDelete.getByRole("button", { name: "Delete", exact: true }).click();
    await confirmDelete.getByRole("button", { name: "Delete with force" }).waitFor();
    await expect(confirmDelete.getByRole("alert").textContent()).resolves.toContain('nested in "Auditors"');
    expect((await t.ok<{ group: unknown }>(`query($id: ID!) { group(id: $id) { id } }`, { id: temp.createGroup.id })).group).not.toBeNull();
    await checkPage(browser, "17-delete-refused");
    await confirmDelete.getByRole("button", { name: "Delete with force" }).click();
    await page.waitForURL(/\/admin\/groups$/);
    expect((await t.ok<{ group: unknown }>(`query($id: ID!) { group(id: $id) { id } }`, { id: temp.createGroup.id })).group).toBeNull();

    // The hierarchy graph is a separate chunk, fetched only when its tab opens.
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}`, (p) => p.getByRole("tab", { name: "Hierarchy" }).waitFor());
    expect(scripts.filter((s) => /Hierarchy/.test(s))).toEqual([]);
    await page.getByRole("tab", { name: "Hierarchy" }).click();
    await page.getByRole("region", { name: "Hierarchy around Auditors" }).getByText("Internal Audit").waitFor();
    expect(scripts.filter((s) => /^\/admin\/assets\/HierarchyTab-[\w-]+\.js$/.test(s))).toHaveLength(1);
    await page.waitForLoadState("networkidle");
    await checkPage(browser, "18-hierarchy");

    // Signing out ends the session: the console sends the admin to the sign-in page.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
    await page.goto(`${t.baseUrl}/admin/groups`);
    await page.waitForURL(/\/admin\/login$/);
    await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
    await checkPage(browser, "19-signed-out");
  });

  test("a group with 2,000 children: the Nested groups tab pages them, the hierarchy shows 25 at a time and stays responsive", async () => {
    const parent = await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: {name: "Wide Parent"}) { id } }`);
    const childIds: string[] = [];
    // 50 aliases a request: the server's alias limit.
    for (let batch = 0; batch < 40; batch += 1) {
      const aliases = Array.from({ length: 50 }, (_, i) => {
        const n = String(batch * 50 + i).padStart(4, "0");
        return `c${n}: createGroup(input: {name: "Wide Child ${n}"}) { id }`;
      });
      const created = await t.ok<Record<string, { id: string }>>(`mutation { ${aliases.join(" ")} }`);
      childIds.push(...Object.values(created).map((g) => g.id));
    }
    for (const half of [childIds.slice(0, 1000), childIds.slice(1000)]) {
      await t.ok(`mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { id } }`, { g: parent.createGroup.id, c: half });
    }

    const browser = await open("wide");
    const { page } = browser;
    await signIn(page, await loginLink(t, "--subject", "wide-admin"));

    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${parent.createGroup.id}/nested-groups`, (p) => p.getByText("1–100 of 2000 groups").waitFor());
    await expect(rowsOf(page, "Groups nested in Wide Parent").count()).resolves.toBe(100);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("101–200 of 2000 groups").waitFor();
    await expect(rowsOf(page, "Groups nested in Wide Parent").first().textContent()).resolves.toContain("Wide Child 0100");

    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${parent.createGroup.id}/hierarchy`, (p) => p.getByText("+1975 more children").waitFor());
    const region = page.getByRole("region", { name: "Hierarchy around Wide Parent" });
    await expect(region.locator(".react-flow__node").count()).resolves.toBe(27); // the group, 25 children, "+1975 more"
    await region.getByText("+1975 more children").click();
    await region.getByText("+1950 more children").waitFor();
    await expect(region.locator(".react-flow__node").count()).resolves.toBe(52);
    // The keyboard does the same: Enter on the focused "+N more" node.
    await region.locator(".react-flow__node", { hasText: "+1950 more children" }).focus();
    await page.keyboard.press("Enter");
    await region.getByText("+1925 more children").waitFor();
    await expect(region.locator(".react-flow__node").count()).resolves.toBe(77);
    await page.waitForTimeout(400); // only for the screenshot: the view re-frames itself (fitView) after growing
    await checkPage(browser, "30-hierarchy-wide");
    // The page answers input while the graph is shown (a frozen main thread would time this out).
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Save" }).waitFor({ timeout: 5000 });
  });

  test('a read-only session (--scopes "read:groups") sees the actions disabled, with the scope they need, and no e-mails', async () => {
    expect(auditorsId).not.toBe("");
    const browser = await open("read-only");
    const { page } = browser;
    await signIn(page, await loginLink(t, "--scopes", "read:groups", "--subject", "auditor"));
    await expect(page.getByRole("region", { name: "Signed in" }).textContent()).resolves.toMatch(/auditor.*groups: read/s);

    const createGroup = page.getByRole("button", { name: "Create group" });
    await expect(createGroup.isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs create:groups", { exact: true }).count()).resolves.toBe(1);
    await checkPage(browser, "20-read-only-groups");

    // Members: the e-mails come back as field errors (FORBIDDEN) beside the ids; the page shows them as hidden.
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}`, (p) => p.getByText("auth0|alice", { exact: true }).waitFor());
    await expect(page.getByRole("button", { name: "Add members" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs update:groups", { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText("hidden (needs read:users)").count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.getByText("alice@example.com").count()).resolves.toBe(0);
    await expect(page.getByRole("alert").count()).resolves.toBe(0);
    await checkPage(browser, "21-read-only-members");

    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/calculated-members`, (p) =>
      p.waitForFunction(() => document.querySelectorAll('table[aria-label="Calculated members of Auditors"] tbody tr').length === 4),
    );
    await expect(page.getByText("alice@example.com").count()).resolves.toBe(0);
    await checkPage(browser, "22-read-only-calculated-members");

    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/nested-groups`, (p) => p.getByRole("button", { name: "Add nested groups" }).waitFor());
    await expect(page.getByRole("button", { name: "Add nested groups" }).isDisabled()).resolves.toBe(true);

    // Roles need read:roles: the tab says so instead of failing.
    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/roles`, (p) =>
      p
        .getByText(/read:roles/)
        .first()
        .waitFor(),
    );
    await expect(page.getByRole("button", { name: "Add roles" }).isDisabled()).resolves.toBe(true);
    await checkPage(browser, "23-read-only-roles");

    await expectFirstView(browser, `${t.baseUrl}/admin/groups/${auditorsId}/settings`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await expect(page.getByRole("button", { name: "Save" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Delete group" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs delete:groups", { exact: true }).count()).resolves.toBe(1);
    await checkPage(browser, "24-read-only-settings");

    // Nothing this session did changed anything.
    const log = await t.ok<{ auditLog: { nodes: Array<{ actor: string }> } }>(`{ auditLog(actor: "auditor") { nodes { actor } } }`);
    expect(log.auditLog.nodes).toEqual([]);
  });
});

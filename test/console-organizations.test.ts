/**
 * The admin console's Organizations and Organization pages (docs/design.md §11, §12) in headless
 * Chromium, offline (helpers/browser.ts), against a real server serving the built console
 * (ui/dist: `npm run build` first). One scripted admin session (a login link from the real CLI)
 * creates an organization (a name with capitals refused on its input first), adds a member through
 * the user picker and gives them a role through the role picker, edits the metadata (a too-long
 * value refused next to its input) and the display name, removes a role and a member, deletes an
 * organization with members only "with force", and sees the user's organizations on the User page;
 * every change is checked through GraphQL. A read-only session (`--scopes "read:organizations"`)
 * sees every action disabled with the scope it needs. On every page: axe finds no serious or
 * critical violation, no request leaves 127.0.0.1, no CSP violation, and the first view sends at
 * most 5 GraphQL requests. Screenshots go to TEST_ARTIFACTS_DIR (default: a temp dir).
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
const APP = "expense-app";

interface OrganizationInfo {
  id: string;
  name: string;
  displayName: string;
  metadata: Record<string, string>;
  members: { totalCount: number; nodes: Array<{ user: { id: string }; roles: Array<{ id: string; name: string }> }> };
}

describe("admin console: Organizations and Organization pages in headless Chromium, offline", () => {
  let t: TestServer;
  let artifacts: string;
  const browsers: OfflineBrowser[] = [];
  let acmeId = "";
  let userRoleId = "";
  let adminRoleId = "";

  beforeAll(async () => {
    assertChromium();
    artifacts = process.env.TEST_ARTIFACTS_DIR ? path.join(process.env.TEST_ARTIFACTS_DIR, "console-organizations") : mkdtempSync(path.join(tmpdir(), "gatehouse-console-orgs-"));
    t = await startTestServer();
    await t.ok(`mutation { upsertUsers(users: [
      {id: "auth0|alice", email: "alice@example.com", name: "Alice Auditor"},
      {id: "auth0|bob", email: "bob@example.com", name: "Bob Builder"},
      {id: "auth0|carol", email: "carol@example.com", name: "Carol Checker"}
    ]) { id } }`);
    await t.ok(`mutation { createApplication(input: {id: "${APP}", name: "Expense App", type: REGULAR_WEB}) { id } }`);
    const roles = await t.ok<{ user: { id: string }; admin: { id: string } }>(`mutation {
      user: createRole(input: {applicationId: "${APP}", name: "Expense User"}) { id }
      admin: createRole(input: {applicationId: "${APP}", name: "Expense Admin"}) { id }
    }`);
    userRoleId = roles.user.id;
    adminRoleId = roles.admin.id;
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
    if (artifacts) process.stdout.write(`console-organizations screenshots: ${artifacts}\n`);
  });

  async function open(name: string): Promise<OfflineBrowser> {
    const browser = await openOfflineBrowser(path.join(artifacts, `profile-${name}`), { width: 1280, height: 900 });
    browsers.push(browser);
    return browser;
  }

  const organization = async (id: string): Promise<OrganizationInfo | null> =>
    (
      await t.ok<{ organization: OrganizationInfo | null }>(
        `query($id: ID!) { organization(id: $id) { id name displayName metadata members { totalCount nodes { user { id } roles { id name } } } } }`,
        { id },
      )
    ).organization;

  const rolesOf = async (id: string, userId: string) => ((await organization(id))?.members.nodes.find((m) => m.user.id === userId)?.roles ?? []).map((r) => r.name).sort();

  /** What every visited page must satisfy: axe, offline, CSP, no page error; and a screenshot. */
  async function checkPage(browser: OfflineBrowser, name: string): Promise<void> {
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
      const shot = await screenshot(browser.page, artifacts, "failure");
      if (error instanceof Error) error.message += `\nScreenshot: ${shot}\nPage errors: ${JSON.stringify(browser.pageErrors)}`;
      throw error;
    }
    expect(operations.length).toBeGreaterThan(0);
    expect({ url, operations, withinLimit: operations.length <= MAX_FIRST_VIEW_REQUESTS }).toEqual({ url, operations, withinLimit: true });
  }

  /** The input's error text, read through its aria-describedby (the contract of DESIGN §11). */
  async function describedErrorOf(page: Page, input: ReturnType<Page["getByLabel"]>): Promise<string> {
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
    return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(" ");
  }

  const dialog = (page: Page, name: string | RegExp) => page.getByRole("dialog", { name });
  const rowOf = (page: Page, table: string, text: string) => page.getByRole("table", { name: table }).locator("tbody tr", { hasText: text });

  test("an admin creates an organization, adds a member with a role, edits metadata and settings, and deletes one with force", async () => {
    const browser = await open("admin");
    const { page } = browser;
    await signIn(page, await loginLink(t, "--subject", "console-admin"));

    // The navigation names the page "Organizations" (DESIGN §11).
    await page.getByRole("navigation").getByRole("link", { name: "Organizations", exact: true }).click();
    await page.getByRole("heading", { name: "Organizations", level: 1, exact: true }).waitFor();
    await page.getByText("There are no organizations yet.").waitFor();
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations`, (p) => p.getByText("There are no organizations yet.").waitFor());
    await checkPage(browser, "01-organizations-empty");

    // A name with capitals is refused by the server, next to the Name input; nothing is written.
    await page.getByRole("button", { name: "Create organization" }).click();
    const create = dialog(page, "Create organization");
    await create.getByLabel(/^Name/).fill("Acme");
    await create.getByLabel("Display name").fill("Acme Corporation");
    await create.getByLabel("Key 1").fill("tier");
    await create.getByLabel("Value 1").fill("gold");
    await create.getByRole("button", { name: "Create" }).click();
    await page.waitForFunction(() => document.querySelector('[role="dialog"] input[aria-invalid="true"]') !== null);
    expect(await describedErrorOf(page, create.getByLabel(/^Name/))).toMatch(/name/);
    expect((await t.ok<{ organizations: { totalCount: number } }>(`{ organizations { totalCount } }`)).organizations.totalCount).toBe(0);
    await checkPage(browser, "02-create-organization-bad-name");

    // Corrected: created, and the console opens its page.
    await create.getByLabel(/^Name/).fill("acme");
    await create.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Acme Corporation", level: 1, exact: true }).waitFor();
    const created = await t.ok<{ organizations: { nodes: OrganizationInfo[] } }>(`{ organizations(search: "acme") { nodes { id name displayName metadata } } }`);
    expect(created.organizations.nodes).toEqual([
      { id: expect.stringMatching(/^org_[A-Za-z0-9]{16}$/), name: "acme", displayName: "Acme Corporation", metadata: { tier: "gold" } },
    ]);
    acmeId = created.organizations.nodes[0].id;
    expect(page.url()).toBe(`${t.baseUrl}/admin/organizations/${acmeId}`);

    // A duplicate name: CONFLICT on the Name input.
    await page.getByRole("navigation").getByRole("link", { name: "Organizations", exact: true }).click();
    await page.getByRole("link", { name: "Acme Corporation" }).waitFor();
    await page.getByRole("button", { name: "Create organization" }).click();
    await create.getByLabel(/^Name/).fill("acme");
    await create.getByRole("button", { name: "Create" }).click();
    await page.waitForFunction(() => document.querySelector('[role="dialog"] input[aria-invalid="true"]') !== null);
    expect(await describedErrorOf(page, create.getByLabel(/^Name/))).toMatch(/already exists/);
    await create.getByRole("button", { name: "Cancel" }).click();

    // Search on the server.
    await t.ok(`mutation { createOrganization(input: {name: "globex", displayName: "Globex"}) { id } }`);
    await page.getByLabel("Search").fill("glob");
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('table[aria-label="Organizations"] tbody tr');
      return rows.length === 1 && rows[0].textContent?.includes("Globex");
    });
    await checkPage(browser, "03-organizations-search");

    // Members: "Add members" through the user picker (search as you type).
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}`, (p) => p.getByRole("button", { name: "Add members" }).waitFor());
    await page.getByText("Acme Corporation has no members yet.").waitFor();
    await checkPage(browser, "04-members-empty");
    await page.getByRole("button", { name: "Add members" }).click();
    const picker = dialog(page, "Add members to Acme Corporation");
    await picker.getByLabel("Search").fill("alice");
    await picker.getByRole("checkbox", { name: "Select auth0|bob" }).waitFor({ state: "detached" });
    await picker.getByRole("checkbox", { name: "Select auth0|alice" }).check();
    await picker.getByLabel("Paste ids").fill("auth0|bob");
    await checkPage(browser, "05-members-picker");
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.waitFor({ state: "detached" });
    await rowOf(page, "Members of Acme Corporation", "auth0|bob").waitFor();
    expect((await organization(acmeId))?.members.nodes.map((m) => m.user.id).sort()).toEqual(["auth0|alice", "auth0|bob"]);

    // The picker leaves out who is a member already.
    await page.getByRole("button", { name: "Add members" }).click();
    await picker.getByRole("checkbox", { name: "Select auth0|carol" }).waitFor();
    await expect(picker.getByRole("checkbox", { name: "Select auth0|alice" }).count()).resolves.toBe(0);
    await picker.getByRole("button", { name: "Cancel" }).click();

    // A role for alice through the role picker of her row.
    await rowOf(page, "Members of Acme Corporation", "auth0|alice").getByRole("button", { name: "Add roles" }).click();
    const rolePicker = dialog(page, "Add roles to auth0|alice in Acme Corporation");
    await rolePicker.getByRole("checkbox", { name: "Select Expense User (Expense App)" }).check();
    await checkPage(browser, "06-member-roles-picker");
    await rolePicker.getByRole("button", { name: "Add", exact: true }).click();
    await rolePicker.waitFor({ state: "detached" });
    await page.getByRole("list", { name: "Roles of auth0|alice" }).getByText("Expense User (Expense App)").waitFor();
    expect(await rolesOf(acmeId, "auth0|alice")).toEqual(["Expense User"]);
    // The picker leaves out the roles she holds here.
    await rowOf(page, "Members of Acme Corporation", "auth0|alice").getByRole("button", { name: "Add roles" }).click();
    await rolePicker.getByRole("checkbox", { name: "Select Expense Admin (Expense App)" }).waitFor();
    await expect(rolePicker.getByRole("checkbox", { name: "Select Expense User (Expense App)" }).count()).resolves.toBe(0);
    await rolePicker.getByRole("button", { name: "Cancel" }).click();
    await checkPage(browser, "07-members-with-roles");

    // Removing a role, then a member (their roles there go with them).
    await t.ok(`mutation($o: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: "auth0|bob", roleIds: $r) { id } }`, {
      o: acmeId,
      r: [userRoleId, adminRoleId],
    });
    await page.reload();
    await page.getByRole("list", { name: "Roles of auth0|bob" }).getByText("Expense Admin (Expense App)").waitFor();
    await page.getByRole("button", { name: "Remove role Expense Admin from auth0|bob" }).click();
    await page.getByRole("button", { name: "Remove role Expense Admin from auth0|bob" }).waitFor({ state: "detached" });
    expect(await rolesOf(acmeId, "auth0|bob")).toEqual(["Expense User"]);
    await page.getByRole("button", { name: "Remove auth0|bob from Acme Corporation" }).click();
    await rowOf(page, "Members of Acme Corporation", "auth0|bob").waitFor({ state: "detached" });
    expect((await organization(acmeId))?.members.nodes.map((m) => m.user.id)).toEqual(["auth0|alice"]);

    // Metadata: a value over 255 characters is refused next to its input before anything is sent; a new key is saved.
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}/metadata`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    expect(await page.getByLabel("Key 1").inputValue()).toBe("tier");
    await page.getByLabel("Key 2").fill("region");
    await page.getByLabel("Value 2").fill("x".repeat(256));
    expect(await describedErrorOf(page, page.getByLabel("Value 2"))).toMatch(/At most 255 characters/);
    await expect(page.getByRole("button", { name: "Save" }).isDisabled()).resolves.toBe(true);
    await checkPage(browser, "08-metadata-too-long");
    await page.getByLabel("Value 2").fill("eu");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await organization(acmeId))?.metadata).toEqual({ tier: "gold", region: "eu" });
    // Removing a key and saving replaces the whole object.
    await page.getByRole("button", { name: "Remove key tier" }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await organization(acmeId))?.metadata).toEqual({ region: "eu" });
    await checkPage(browser, "09-metadata");

    // Settings: a new display name.
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}/settings`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await page.getByLabel("Display name").fill("Acme Inc.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await organization(acmeId))?.displayName).toBe("Acme Inc.");
    await page.getByRole("heading", { name: "Acme Inc.", level: 1, exact: true }).waitFor();
    await checkPage(browser, "10-settings");

    // The User page lists alice's organizations with her roles there, linking to the Organization page.
    await expectFirstView(browser, `${t.baseUrl}/admin/users/${encodeURIComponent("auth0|alice")}`, (p) =>
      p.getByRole("table", { name: "Organizations of this user" }).getByRole("link", { name: "Acme Inc." }).waitFor(),
    );
    await page.getByRole("list", { name: "Roles in Acme Inc." }).getByText("Expense User (Expense App)").waitFor();
    await checkPage(browser, "11-user-organizations");
    await page.getByRole("table", { name: "Organizations of this user" }).getByRole("link", { name: "Acme Inc." }).click();
    await page.getByRole("heading", { name: "Acme Inc.", level: 1, exact: true }).waitFor();

    // Deleting an organization with members is refused until "Delete with force".
    const temp = await t.ok<{ createOrganization: { id: string } }>(`mutation { createOrganization(input: {name: "temporary", displayName: "Temporary"}) { id } }`);
    await t.ok(`mutation($o: ID!) { addOrganizationMembers(organizationId: $o, userIds: ["auth0|carol"]) { id } }`, { o: temp.createOrganization.id });
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${temp.createOrganization.id}/settings`, (p) =>
      p.getByRole("button", { name: "Delete organization" }).waitFor(),
    );
    await page.getByRole("button", { name: "Delete organization" }).click();
    const confirmDelete = dialog(page, "Delete Temporary?");
    await confirmDelete.getByRole("button", { name: "Delete", exact: true }).click();
    await confirmDelete.getByRole("button", { name: "Delete with force" }).waitFor();
    await expect(confirmDelete.getByRole("alert").textContent()).resolves.toContain("has 1 member");
    expect(await organization(temp.createOrganization.id)).not.toBeNull();
    await checkPage(browser, "12-delete-refused");
    await confirmDelete.getByRole("button", { name: "Delete with force" }).click();
    await page.waitForURL(/\/admin\/organizations$/);
    expect(await organization(temp.createOrganization.id)).toBeNull();

    // An unknown id: said plainly.
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/org_nosuchthing`, (p) => p.getByRole("heading", { name: "Organization not found" }).waitFor());
    await checkPage(browser, "13-not-found");
  });

  test("the Login simulator makes a login for the organization: its org claims under the namespace, the member's roles there, and a non-member refused", async () => {
    expect(acmeId).not.toBe("");
    await t.ok(`mutation { updateConfiguration(input: { rolesInToken: true, claimNamespace: "https://example.com/claims/" }) { claimNamespace } }`);
    const browser = await open("simulator");
    const { page } = browser;
    await signIn(page, await loginLink(t, "--subject", "console-admin"));
    await expectFirstView(browser, `${t.baseUrl}/admin/login-simulator`, (p) => p.getByRole("button", { name: "Run" }).waitFor());

    await page.getByLabel("User id").fill("auth0|alice");
    await page.getByRole("combobox", { name: "Client id" }).fill(APP);
    await page.keyboard.press("Escape");
    // The Organization field offers the organizations (searched on the server) and is sent as organizationId.
    await page.getByRole("combobox", { name: "Organization" }).fill("acme");
    await page.getByRole("option", { name: /Acme Inc\./ }).click();
    expect(await page.getByRole("combobox", { name: "Organization" }).inputValue()).toBe(acmeId);
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Access granted").waitFor();

    const api = await t.ok<{ authorizationContext: { claims: Record<string, unknown>; roles: string[]; organization: { id: string; name: string } | null } }>(
      `query($o: ID) { authorizationContext(userId: "auth0|alice", clientId: "${APP}", organizationId: $o) { claims roles organization { id name } } }`,
      { o: acmeId },
    );
    expect(api.authorizationContext).toMatchObject({ roles: ["Expense User"], organization: { id: acmeId, name: "acme" } });
    const claims = JSON.parse((await page.getByTestId("claims-json").textContent()) ?? "");
    expect(claims).toEqual(api.authorizationContext.claims);
    expect(claims).toMatchObject({
      "https://example.com/claims/org_id": acmeId,
      "https://example.com/claims/org_name": "acme",
      "https://example.com/claims/roles": ["Expense User"],
    });
    await page
      .getByText(/member of organization acme/)
      .first()
      .waitFor();
    await checkPage(browser, "30-simulator-organization-login");

    // A user who is not a member: refused, saying so with the display name.
    await page.getByLabel("User id").fill("auth0|carol");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Access denied").waitFor();
    await page.getByText(/is not a member of organization Acme Inc\./).waitFor();
    await checkPage(browser, "31-simulator-not-a-member");
  });

  test('a read-only session (--scopes "read:organizations") sees every action disabled with the scope it needs', async () => {
    expect(acmeId).not.toBe("");
    const browser = await open("read-only");
    const { page } = browser;
    await signIn(page, await loginLink(t, "--scopes", "read:organizations", "--subject", "org-auditor"));

    await expectFirstView(browser, `${t.baseUrl}/admin/organizations`, (p) => p.getByRole("link", { name: "Acme Inc." }).waitFor());
    await expect(page.getByRole("button", { name: "Create organization" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs create:organizations", { exact: true }).count()).resolves.toBe(1);
    await checkPage(browser, "20-read-only-organizations");

    // Members: ids are open, e-mails and roles are not (hidden, with the scope that would show them).
    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}`, (p) => p.getByRole("link", { name: "auth0|alice" }).waitFor());
    await expect(page.getByRole("button", { name: "Add members" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs update:organizations", { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText("hidden (needs read:users)").count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.getByText("hidden (needs read:roles)").count()).resolves.toBe(1);
    await expect(page.getByText("alice@example.com").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Remove auth0|alice from Acme Inc." }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("alert").count()).resolves.toBe(0);
    await checkPage(browser, "21-read-only-members");

    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}/metadata`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await expect(page.getByRole("button", { name: "Save" }).isDisabled()).resolves.toBe(true);
    expect(await page.getByLabel("Value 1").inputValue()).toBe("eu");
    await expect(page.getByRole("button", { name: "Add key" }).count()).resolves.toBe(0);
    await checkPage(browser, "22-read-only-metadata");

    await expectFirstView(browser, `${t.baseUrl}/admin/organizations/${acmeId}/settings`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await expect(page.getByRole("button", { name: "Save" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Delete organization" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("needs delete:organizations", { exact: true }).count()).resolves.toBe(1);
    await checkPage(browser, "23-read-only-settings");

    // Nothing this session did changed anything.
    const log = await t.ok<{ auditLog: { nodes: Array<{ actor: string }> } }>(`{ auditLog(actor: "org-auditor") { nodes { actor } } }`);
    expect(log.auditLog.nodes).toEqual([]);
  });
});

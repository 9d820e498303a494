/**
 * Screenshots of every console page on the example company (docs/design.md §9, `gatehouse seed
 * demo`), for docs/console/. Runs only when CONSOLE_SCREENSHOTS names the folder to write to:
 *
 *   npm run console:screenshots          (builds, then writes docs/console/*.png)
 *
 * Each page is also checked like the other console tests (axe, offline, no CSP violation), so a
 * screenshot never shows a page that fails them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { DEMO_APPLICATION_ID, DemoSeed, seedDemo } from "../src/cli/seed-demo";
import { assertChromium, axeViolations, OfflineBrowser, openOfflineBrowser, screenshot } from "./helpers/browser";
import { loginLink, signIn } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

const target = process.env.CONSOLE_SCREENSHOTS;
const maybe = target ? describe : describe.skip;

jest.setTimeout(240_000);

maybe("console screenshots on the example company (CONSOLE_SCREENSHOTS)", () => {
  let t: TestServer;
  let groups: Record<string, string>;
  let seed: DemoSeed;
  let roles: Record<string, string>;
  const browsers: OfflineBrowser[] = [];
  const dir = path.resolve(target ?? ".");
  const profiles = mkdtempSync(path.join(tmpdir(), "gatehouse-console-shots-"));

  beforeAll(async () => {
    assertChromium();
    t = await startTestServer();
    const seeded = await seedDemo(t.server.app);
    if (!seeded) throw new Error("the demo data was already there");
    seed = seeded;
    groups = seed.groups;
    roles = seed.roles;
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
  });

  async function shoot(browser: OfflineBrowser, name: string): Promise<void> {
    await browser.page.waitForLoadState("networkidle");
    await screenshot(browser.page, dir, name);
    expect({ name, axe: await axeViolations(browser.page), external: [...browser.external], csp: browser.cspViolations, errors: browser.pageErrors }).toEqual({
      name,
      axe: [],
      external: [],
      csp: [],
      errors: [],
    });
  }

  const groupUrl = (name: string, tab = "") => `${t.baseUrl}/admin/groups/${groups[name]}${tab ? `/${tab}` : ""}`;

  test("every page", async () => {
    const browser = await openOfflineBrowser(path.join(profiles, "admin"));
    browsers.push(browser);
    const { page } = browser;
    const go = async (url: string, ready: (p: Page) => Promise<unknown>) => {
      await page.goto(url);
      await ready(page);
    };

    await go(`${t.baseUrl}/admin/login`, (p) => p.getByRole("heading", { name: "Sign in" }).waitFor());
    await shoot(browser, "01-sign-in");

    await signIn(page, await loginLink(t, "--subject", "alex.admin"));
    await shoot(browser, "02-groups");

    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("dialog", { name: "Create group" }).getByLabel("Name").fill("Finance");
    await page.getByRole("dialog", { name: "Create group" }).getByRole("button", { name: "Create" }).click();
    await page.locator('input[aria-invalid="true"]').waitFor();
    await shoot(browser, "03-create-group-duplicate-name");

    await go(groupUrl("External Accountants"), (p) => p.getByText("auth0|alice", { exact: true }).waitFor());
    await shoot(browser, "04-group-members");

    await go(groupUrl("Finance"), (p) => p.getByRole("button", { name: "Add members" }).waitFor());
    await page.getByRole("button", { name: "Add members" }).click();
    const picker = page.getByRole("dialog", { name: "Add members to Finance" });
    await picker.getByRole("checkbox", { name: "Select auth0|alice" }).check();
    await picker.getByLabel("Paste ids").fill("ad|corp|jdoe");
    await shoot(browser, "05-members-picker");
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.getByRole("button", { name: "Create stub users and add" }).waitFor();
    await shoot(browser, "06-members-picker-stub-question");
    await picker.getByRole("button", { name: "Back" }).click();
    await picker.getByRole("button", { name: "Cancel" }).click();

    await go(groupUrl("Example Company", "calculated-members"), (p) => p.getByText("auth0|bob", { exact: true }).waitFor());
    await shoot(browser, "07-calculated-members");

    await go(groupUrl("Example Company", "nested-groups"), (p) => p.getByRole("link", { name: "Human Resources" }).waitFor());
    await shoot(browser, "08-nested-groups");

    await go(groupUrl("Finance IT Support", "parents"), (p) => p.getByRole("link", { name: "Finance" }).first().waitFor());
    await shoot(browser, "09-parents");

    await go(groupUrl("Finance", "roles"), (p) => p.getByText("Expense Admin", { exact: true }).waitFor());
    await shoot(browser, "10-roles");

    await go(groupUrl("Finance IT Support", "effective-roles"), (p) => p.getByText("Expense User", { exact: true }).waitFor());
    await shoot(browser, "11-effective-roles");

    await go(groupUrl("Management", "mappings"), (p) => p.getByText("Administrative", { exact: true }).waitFor());
    await shoot(browser, "12-mappings");

    await go(groupUrl("Accounting", "hierarchy"), (p) => p.getByText("External Accountants").first().waitFor());
    await page.getByRole("region", { name: "Hierarchy around Accounting" }).getByText("Example Company").click();
    await page.getByText("no parents").waitFor();
    await shoot(browser, "13-hierarchy");

    await go(groupUrl("Finance", "settings"), (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await shoot(browser, "14-settings");
    await page.getByRole("button", { name: "Delete group" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete with force" }).waitFor();
    await shoot(browser, "15-delete-refused");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    await go(groupUrl("Finance IT Support", "nested-groups"), (p) => p.getByRole("button", { name: "Add nested groups" }).waitFor());
    await page.getByRole("button", { name: "Add nested groups" }).click();
    const nest = page.getByRole("dialog", { name: "Add nested groups to Finance IT Support" });
    await nest.getByLabel("Search").fill("Example");
    await nest.getByRole("checkbox", { name: "Select Example Company" }).check();
    await nest.getByRole("button", { name: "Add", exact: true }).click();
    await nest.getByRole("alert").waitFor();
    await shoot(browser, "16-cycle-refused");
    await nest.getByRole("button", { name: "Cancel" }).click();

    await go(`${t.baseUrl}/admin/applications`, (p) => p.getByRole("link", { name: "Expense Management Tool" }).waitFor());
    await shoot(browser, "17-applications");
    await go(`${t.baseUrl}/admin/no-such-page`, (p) => p.getByRole("heading", { name: "Page not found" }).waitFor());
    await shoot(browser, "18-not-found");

    // Part 2 of the console: Application, Role, Permission, Configuration, Import / Export, Audit log.
    await go(`${t.baseUrl}/admin/applications/${seed.applicationId}`, (p) => p.getByRole("link", { name: "Expense Admin" }).waitFor());
    await shoot(browser, "21-application");
    await page.getByRole("button", { name: "Create role" }).click();
    const createRole = page.getByRole("dialog", { name: /^Create role in / });
    await createRole.getByLabel("Name").fill("Expense Auditor");
    await createRole.getByLabel("Description").fill("Reads every expense");
    await createRole.getByRole("combobox", { name: "Permissions" }).click();
    await page.getByRole("option").first().click();
    await page.keyboard.press("Escape");
    await shoot(browser, "22-create-role");
    await createRole.getByRole("button", { name: "Cancel" }).click();

    await go(`${t.baseUrl}/admin/roles/${seed.roles["Expense Admin"]}`, (p) => p.getByRole("button", { name: "Save" }).waitFor());
    await page.getByRole("link", { name: "Finance" }).first().waitFor();
    await shoot(browser, "23-role");
    await page.getByRole("button", { name: "Delete role" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete with force" }).waitFor();
    await shoot(browser, "24-delete-role-refused");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("link", { name: "add:expense" }).click();
    await page.getByRole("heading", { name: "add:expense", level: 1, exact: true }).waitFor();
    await shoot(browser, "25-permission");

    await go(`${t.baseUrl}/admin/configuration`, (p) => p.getByRole("button", { name: "Rotate API key" }).waitFor());
    await page.getByLabel("Claim namespace").fill("claims");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator('input[aria-invalid="true"]').waitFor();
    await page.getByLabel("Claim namespace").fill("https://example.com/claims/");
    await page.getByRole("button", { name: "Rotate API key" }).click();
    await page.getByRole("status", { name: "The new API key" }).waitFor();
    await shoot(browser, "26-configuration");

    await go(`${t.baseUrl}/admin/import-export`, (p) => p.getByRole("button", { name: "Check file" }).waitFor());
    const file = (name: string, content: unknown) => {
      const at = path.join(profiles, name);
      writeFileSync(at, JSON.stringify(content));
      return at;
    };
    const team = "a0000000-0000-4000-8000-0000000000b1";
    await page
      .locator('input[type="file"]')
      .setInputFiles(file("dirty-export.json", { groups: [{ _id: team, name: "Contractors", nested: ["ghost-group"], roles: ["ghost-role"] }] }));
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByRole("table", { name: "Problems in the file" }).waitFor();
    await shoot(browser, "27-import-problems");
    await page.locator('input[type="file"]').setInputFiles(file("contractors.json", { groups: [{ _id: team, name: "Contractors", members: ["auth0|contractor-1"] }] }));
    await page.getByRole("radio", { name: /^Replace/ }).check();
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByRole("checkbox", { name: "I understand that replace deletes them" }).waitFor();
    await shoot(browser, "28-import-replace-warning");

    await go(`${t.baseUrl}/admin/audit-log`, (p) => p.getByText("rotateApiKey", { exact: true }).waitFor());
    await shoot(browser, "29-audit-log");

    const readOnly = await openOfflineBrowser(path.join(profiles, "read-only"));
    browsers.push(readOnly);
    await signIn(readOnly.page, await loginLink(t, "--scopes", "read:groups", "--subject", "riley.readonly"));
    await readOnly.page.goto(groupUrl("External Accountants"));
    await readOnly.page.getByText("auth0|alice", { exact: true }).waitFor();
    await shoot(readOnly, "19-read-only-members");
    await readOnly.page.goto(groupUrl("Finance", "roles"));
    await readOnly.page.getByText("Not visible with this session").waitFor();
    await shoot(readOnly, "20-read-only-roles");
  });

  // Run alone with: CONSOLE_SCREENSHOTS=docs/console npx jest --runInBand test/console-screenshots.test.ts -t organization
  test("the organization pages", async () => {
    const acme = await t.ok<{ createOrganization: { id: string } }>(
      `mutation { createOrganization(input: {name: "acme", displayName: "Acme Corporation", metadata: {tier: "gold", region: "eu", crm: "ACME-0042"}}) { id } }`,
    );
    await t.ok(`mutation { createOrganization(input: {name: "globex", displayName: "Globex"}) { id } }`);
    await t.ok(`mutation { createOrganization(input: {name: "initech", displayName: "Initech Ltd."}) { id } }`);
    const id = acme.createOrganization.id;
    await t.ok(`mutation($o: ID!) { addOrganizationMembers(organizationId: $o, userIds: ["auth0|alice", "auth0|bob"]) { id } }`, { o: id });
    await t.ok(`mutation($o: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: "auth0|alice", roleIds: $r) { id } }`, {
      o: id,
      r: [roles["Expense User"]],
    });
    await t.ok(`mutation($o: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: "auth0|bob", roleIds: $r) { id } }`, {
      o: id,
      r: [roles["Expense Admin"], roles["Expense User"]],
    });

    const browser = await openOfflineBrowser(path.join(profiles, "organizations"));
    browsers.push(browser);
    const { page } = browser;
    await signIn(page, await loginLink(t, "--subject", "alex.admin"));
    const orgUrl = (tab = "") => `${t.baseUrl}/admin/organizations/${id}${tab ? `/${tab}` : ""}`;

    await page.goto(`${t.baseUrl}/admin/organizations`);
    await page.getByRole("link", { name: "Acme Corporation" }).waitFor();
    await shoot(browser, "organizations");
    await page.getByRole("button", { name: "Create organization" }).click();
    const create = page.getByRole("dialog", { name: "Create organization" });
    await create.getByLabel(/^Name/).fill("Umbrella Corp");
    await create.getByLabel("Display name").fill("Umbrella Corporation");
    await create.getByLabel("Key 1").fill("tier");
    await create.getByLabel("Value 1").fill("silver");
    await create.getByRole("button", { name: "Create" }).click();
    await page.locator('input[aria-invalid="true"]').waitFor();
    await shoot(browser, "organizations-create-bad-name");
    await create.getByRole("button", { name: "Cancel" }).click();

    await page.goto(orgUrl());
    await page.getByRole("list", { name: "Roles of auth0|bob" }).waitFor();
    await shoot(browser, "organization-members");
    await page.getByRole("table", { name: "Members of Acme Corporation" }).locator("tbody tr", { hasText: "auth0|alice" }).getByRole("button", { name: "Add roles" }).click();
    await page.getByRole("dialog", { name: "Add roles to auth0|alice in Acme Corporation" }).getByRole("checkbox").first().check();
    await shoot(browser, "organization-member-roles-picker");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    await page.goto(orgUrl("metadata"));
    await page.getByRole("button", { name: "Save" }).waitFor();
    await shoot(browser, "organization-metadata");
    await page.goto(orgUrl("settings"));
    await page.getByRole("button", { name: "Delete organization" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete with force" }).waitFor();
    await shoot(browser, "organization-delete-refused");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    await page.goto(`${t.baseUrl}/admin/users/${encodeURIComponent("auth0|bob")}`);
    await page.getByRole("table", { name: "Organizations of this user" }).getByRole("link", { name: "Acme Corporation" }).waitFor();
    await page.getByRole("region", { name: "Organizations" }).scrollIntoViewIfNeeded();
    await shoot(browser, "user-organizations");

    // A login for the organization in the simulator (filled from the address; the admin presses Run).
    await page.goto(`${t.baseUrl}/admin/login-simulator?userId=${encodeURIComponent("auth0|bob")}&clientId=${DEMO_APPLICATION_ID}&organizationId=${id}`);
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Access granted").waitFor();
    await shoot(browser, "login-simulator-organization");
  });

  // Run alone with: CONSOLE_SCREENSHOTS=docs/console npx jest --runInBand test/console-screenshots.test.ts -t "time-bound"
  test("time-bound grants (docs/design.md §11.4)", async () => {
    // Finance gets a contractor until a fixed date, one starting later and one whose membership has just expired; Alice a direct role with an end.
    await t.ok(`mutation { upsertUsers(users: [
      {id: "auth0|carol", email: "carol@example.com", name: "Carol (contractor)"},
      {id: "auth0|dave", email: "dave@example.com", name: "Dave (starts in December)"},
      {id: "auth0|erin", email: "erin@example.com", name: "Erin (audit, ended)"}
    ]) { id } }`);
    const finance = groups["Finance"];
    await t.ok(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["auth0|carol"], expiresAt: "2030-12-01T21:00:00.000Z") { id } }`, { g: finance });
    await t.ok(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["auth0|dave"], validFrom: "2030-12-02T08:00:00.000Z") { id } }`, { g: finance });
    const ended = new Date(Date.now() + 1_500).toISOString();
    await t.ok(`mutation($g: ID!, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: ["auth0|erin"], expiresAt: $e) { id } }`, { g: finance, e: ended });
    await t.ok(`mutation($r: [ID!]!) { addUserRoles(userId: "auth0|alice", roleIds: $r, validFrom: "2026-01-05T08:00:00.000Z", expiresAt: "2030-12-01T21:00:00.000Z") { id } }`, {
      r: [roles["Expense Admin"]],
    });
    const wait = Date.parse(ended) - Date.now() + 100;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    const browser = await openOfflineBrowser(path.join(profiles, "grants"));
    browsers.push(browser);
    const { page } = browser;
    await signIn(page, await loginLink(t, "--subject", "alex.admin"));

    await page.goto(groupUrl("Finance"));
    await page.getByText("until 1 Dec 2030, 21:00").waitFor();
    await page.getByRole("switch", { name: "Show inactive grants" }).check();
    await page.getByText("Expired", { exact: true }).waitFor();
    await shoot(browser, "grants-group-members");

    await page.getByRole("button", { name: "Add members" }).click();
    const picker = page.getByRole("dialog", { name: "Add members to Finance" });
    await picker.getByRole("checkbox", { name: "Select auth0|alice" }).check();
    await picker.getByLabel("Valid from").fill("2030-12-02T10:00");
    await picker.getByLabel("Expires at").fill("2030-12-01T10:00");
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.locator('input[aria-invalid="true"]').waitFor();
    await shoot(browser, "grants-members-picker-invalid-window");
    await picker.getByRole("button", { name: "Cancel" }).click();

    await page.goto(`${t.baseUrl}/admin/users/${encodeURIComponent("auth0|alice")}`);
    await page.getByRole("table", { name: "Direct roles" }).getByText("from 5 Jan 2026, 08:00 until 1 Dec 2030, 21:00").waitFor();
    await page.getByRole("region", { name: "Groups", exact: true }).scrollIntoViewIfNeeded();
    await shoot(browser, "grants-user");
  });
});

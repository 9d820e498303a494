/**
 * Time-bound grants in the admin console (DESIGN §13, docs/design.md §11) in headless Chromium,
 * offline (helpers/browser.ts), against a real server serving the built console (ui/dist: `npm
 * run build` first). One scripted admin session (a login link from the real CLI): on a group's
 * Members tab it adds a member with an expiry ("Expires at"), which is stored (checked through
 * GraphQL) and shown as "until …"; a window that ends before it starts shows the server's
 * BAD_USER_INPUT next to "Expires at" and writes nothing; "Show inactive grants" lists an expired
 * membership (created through GraphQL a couple of seconds ahead, then waited for) as "Expired" and
 * a pending one as "Pending". The same on the User page for direct roles (and a group with a
 * window), and on the Organization page for a member and a member role. On every page axe finds
 * no serious or critical violation, no request leaves 127.0.0.1, no CSP violation, no page error.
 * Screenshots go to TEST_ARTIFACTS_DIR (default: a temp dir).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import type { OfflineBrowser } from "./helpers/browser";
import { expectFieldError, expectPageClean, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(240_000);

const APP = "grants-app";
const ALICE = "auth0|alice";
const BOB = "auth0|bob";
const CAROL = "auth0|carol";
const DAVE = "auth0|dave";

// The console shows instants in the browser's time zone, which is this process's (the same machine and environment).
const FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const shown = (iso: string) => FORMAT.format(new Date(iso));
/** What a datetime-local input holding `local` sends: that local time as an ISO instant. */
const isoOf = (local: string) => new Date(local).toISOString();

const EXPIRY = "2030-12-01T21:00";
const LATER = "2030-12-02T10:00";

interface Grant {
  validFrom: string | null;
  expiresAt: string | null;
  active: boolean;
}

describe("admin console: time-bound grants in headless Chromium, offline", () => {
  let t: TestServer;
  let artifacts: string;
  let browser: OfflineBrowser | undefined;
  let groupId = "";
  let userRoleId = "";
  let adminRoleId = "";
  let orgId = "";

  beforeAll(async () => {
    artifacts = process.env.TEST_ARTIFACTS_DIR ? path.join(process.env.TEST_ARTIFACTS_DIR, "console-grants") : mkdtempSync(path.join(tmpdir(), "gatehouse-console-grants-"));
    t = await startTestServer();
    await t.ok(`mutation { upsertUsers(users: [
      {id: "${ALICE}", email: "alice@example.com", name: "Alice Auditor"},
      {id: "${BOB}", email: "bob@example.com", name: "Bob Builder"},
      {id: "${CAROL}", email: "carol@example.com", name: "Carol Checker"},
      {id: "${DAVE}", email: "dave@example.com", name: "Dave Developer"}
    ]) { id } }`);
    groupId = (await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: {name: "Contractors"}) { id } }`)).createGroup.id;
    await t.ok(`mutation { createApplication(input: {id: "${APP}", name: "Grants App", type: REGULAR_WEB}) { id } }`);
    const roles = await t.ok<{ user: { id: string }; admin: { id: string } }>(`mutation {
      user: createRole(input: {applicationId: "${APP}", name: "Expense User"}) { id }
      admin: createRole(input: {applicationId: "${APP}", name: "Expense Admin"}) { id }
    }`);
    userRoleId = roles.user.id;
    adminRoleId = roles.admin.id;
    orgId = (await t.ok<{ createOrganization: { id: string } }>(`mutation { createOrganization(input: {name: "acme", displayName: "Acme Corporation"}) { id } }`))
      .createOrganization.id;
    console.log(`console-grants artefacts: ${artifacts}`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const memberGrants = async () =>
    (
      await t.ok<{ group: { memberGrants: { nodes: Array<Grant & { user: { id: string } }> } } }>(
        `query($g: ID!) { group(id: $g) { memberGrants(first: 100, includeInactive: true) { nodes { user { id } validFrom expiresAt active } } } }`,
        { g: groupId },
      )
    ).group.memberGrants.nodes;
  const roleGrants = async (userId: string) =>
    (
      await t.ok<{ user: { roleGrants: Array<Grant & { role: { id: string } }> } }>(
        `query($u: ID!) { user(id: $u) { roleGrants(includeInactive: true) { role { id } validFrom expiresAt active } } }`,
        {
          u: userId,
        },
      )
    ).user.roleGrants;
  const groupGrants = async (userId: string) =>
    (
      await t.ok<{ user: { groupGrants: Array<Grant & { group: { id: string } }> } }>(
        `query($u: ID!) { user(id: $u) { groupGrants(includeInactive: true) { group { id } validFrom expiresAt active } } }`,
        { u: userId },
      )
    ).user.groupGrants;
  const organizationMembers = async () =>
    (
      await t.ok<{ organization: { memberGrants: { nodes: Array<Grant & { user: { id: string }; roleGrants: Array<Grant & { role: { id: string } }> }> } } }>(
        `query($o: ID!) { organization(id: $o) { memberGrants(first: 100, includeInactive: true) { nodes { user { id } validFrom expiresAt active roleGrants(includeInactive: true) { role { id } validFrom expiresAt active } } } } }`,
        { o: orgId },
      )
    ).organization.memberGrants.nodes;

  /** An ISO instant `ms` ahead of now, and a wait until it has passed (the grant has expired by the server's clock). */
  const soon = (ms = 2_000) => new Date(Date.now() + ms).toISOString();
  const untilPast = async (iso: string) => {
    const wait = Date.parse(iso) - Date.now() + 100;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };

  const rowOf = (page: Page, table: string, text: string) => page.getByRole("table", { name: table }).locator("tbody tr", { hasText: text });

  test("group members: added with an expiry, an invalid window refused next to Expires at, inactive grants shown on demand", async () => {
    browser = await openConsole(t, path.join(artifacts, "profile-admin"), "--scopes", "all", "--subject", "console-admin");
    const { page } = browser;
    await page.goto(`${t.baseUrl}/admin/groups/${groupId}`);
    await page.getByRole("heading", { level: 1, name: "Contractors" }).waitFor();

    // Add Alice until EXPIRY through the picker's window inputs.
    await page.getByRole("button", { name: "Add members" }).click();
    const picker = page.getByRole("dialog", { name: "Add members to Contractors" });
    await picker.getByRole("checkbox", { name: `Select ${ALICE}` }).check();
    await picker.getByLabel("Expires at").fill(EXPIRY);
    await expectPageClean(browser, artifacts, "group-add-members-window");
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.waitFor({ state: "hidden" });
    expect(await memberGrants()).toEqual([{ user: { id: ALICE }, validFrom: null, expiresAt: isoOf(EXPIRY), active: true }]);
    await rowOf(page, "Members of Contractors", ALICE)
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();
    // A search goes through members(search) (memberGrants takes none) and shows the window too.
    const searched = page.waitForResponse((r) => new URL(r.url()).pathname === "/graphql" && (r.request().postData() ?? "").includes('"GroupMembersSearch"'));
    await page.getByLabel("Search").fill("alice@");
    await searched;
    await page.waitForFunction(() => document.querySelector('table[aria-label="Members of Contractors"]')?.getAttribute("aria-busy") === "false");
    await rowOf(page, "Members of Contractors", ALICE)
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();
    await page.getByLabel("Search").fill("");

    // Expires before it starts: the server's BAD_USER_INPUT next to "Expires at", nothing written.
    await page.getByRole("button", { name: "Add members" }).click();
    await picker.getByRole("checkbox", { name: `Select ${BOB}` }).check();
    await picker.getByLabel("Valid from").fill(LATER);
    await picker.getByLabel("Expires at").fill(EXPIRY);
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await expectFieldError(page, picker.getByLabel("Expires at"), /expiresAt: must be later than validFrom/);
    await expectPageClean(browser, artifacts, "group-add-members-invalid-window");
    expect((await memberGrants()).map((g) => g.user.id)).toEqual([ALICE]);
    // Fixing the window clears the error; "Valid from" alone is a grant that starts later (pending).
    await picker.getByLabel("Expires at").fill("");
    await page.waitForFunction(() => !document.querySelector('[role="dialog"] input[aria-invalid="true"]'));
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.waitFor({ state: "hidden" });
    expect((await memberGrants()).find((g) => g.user.id === BOB)).toEqual({ user: { id: BOB }, validFrom: isoOf(LATER), expiresAt: null, active: false });

    // Carol's membership expires two seconds from now (through GraphQL); once past, it is listed only with "Show inactive grants".
    const carolExpiry = soon();
    await t.ok(`mutation($g: ID!, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: ["${CAROL}"], expiresAt: $e) { id } }`, { g: groupId, e: carolExpiry });
    await untilPast(carolExpiry);
    expect((await memberGrants()).find((g) => g.user.id === CAROL)?.active).toBe(false);
    await page.reload();
    const members = page.getByRole("table", { name: "Members of Contractors" });
    await rowOf(page, "Members of Contractors", ALICE).waitFor();
    expect(await members.locator("tbody tr").count()).toBe(1);
    await page.getByRole("switch", { name: "Show inactive grants" }).check();
    await rowOf(page, "Members of Contractors", CAROL).getByText("Expired").waitFor();
    await rowOf(page, "Members of Contractors", CAROL)
      .getByText(`until ${shown(carolExpiry)}`)
      .waitFor();
    await rowOf(page, "Members of Contractors", BOB).getByText("Pending").waitFor();
    await rowOf(page, "Members of Contractors", BOB)
      .getByText(`from ${shown(isoOf(LATER))}`)
      .waitFor();
    expect(await members.locator("tbody tr").count()).toBe(3);
    await expectPageClean(browser, artifacts, "group-members-inactive");
    // Off again: the active members only.
    await page.getByRole("switch", { name: "Show inactive grants" }).uncheck();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Members of Contractors"] tbody tr').length === 1);
  });

  test("user page: groups and direct roles with their windows, added with a window, an invalid one refused, inactive ones on demand", async () => {
    const { page } = browser!;
    await page.goto(`${t.baseUrl}/admin/users/${encodeURIComponent(ALICE)}`);
    await page.getByRole("heading", { level: 1, name: "Alice Auditor" }).waitFor();
    // The membership added on the group page, with its window.
    await rowOf(page, "Groups of this user", "Contractors")
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();

    // A direct role until EXPIRY.
    await page.getByRole("button", { name: "Add roles" }).click();
    const picker = page.getByRole("dialog", { name: "Add roles to Alice Auditor" });
    await picker.getByRole("checkbox", { name: "Select Expense Admin (Grants App)" }).check();
    await picker.getByLabel("Expires at").fill(EXPIRY);
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.waitFor({ state: "hidden" });
    expect(await roleGrants(ALICE)).toEqual([{ role: { id: adminRoleId }, validFrom: null, expiresAt: isoOf(EXPIRY), active: true }]);
    await rowOf(page, "Direct roles", "Expense Admin")
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();

    // An invalid window: the error next to "Expires at", no role written.
    await page.getByRole("button", { name: "Add roles" }).click();
    await picker.getByRole("checkbox", { name: "Select Expense User (Grants App)" }).check();
    await picker.getByLabel("Valid from").fill(LATER);
    await picker.getByLabel("Expires at").fill(EXPIRY);
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await expectFieldError(page, picker.getByLabel("Expires at"), /expiresAt: must be later than validFrom/);
    await expectPageClean(browser!, artifacts, "user-add-roles-invalid-window");
    expect((await roleGrants(ALICE)).map((g) => g.role.id)).toEqual([adminRoleId]);
    await picker.getByRole("button", { name: "Cancel" }).click();
    await picker.waitFor({ state: "hidden" });

    // Bob's role expires two seconds from now (through GraphQL): gone from Direct roles, listed as "Expired" with the switch.
    const bobExpiry = soon();
    await t.ok(`mutation($r: ID!, $e: DateTimeISO) { addUserRoles(userId: "${BOB}", roleIds: [$r], expiresAt: $e) { id } }`, { r: userRoleId, e: bobExpiry });
    await untilPast(bobExpiry);
    expect((await roleGrants(BOB)).map((g) => g.active)).toEqual([false]);
    await page.goto(`${t.baseUrl}/admin/users/${encodeURIComponent(BOB)}`);
    await page.getByRole("heading", { level: 1, name: "Bob Builder" }).waitFor();
    await page.getByText("No role is assigned to this user directly.").waitFor();
    const rolesSection = page.getByRole("region", { name: "Direct roles" });
    await rolesSection.getByRole("switch", { name: "Show inactive grants" }).check();
    await rowOf(page, "Direct roles", "Expense User").getByText("Expired").waitFor();
    await rowOf(page, "Direct roles", "Expense User")
      .getByText(`until ${shown(bobExpiry)}`)
      .waitFor();
    // Bob's pending membership of Contractors (from the group test) shows with the Groups section's switch.
    expect(await page.getByRole("table", { name: "Groups of this user" }).locator("tbody tr").allTextContents()).toEqual(["This user is a direct member of no group."]);
    await page.getByRole("region", { name: "Groups", exact: true }).getByRole("switch", { name: "Show inactive grants" }).check();
    await rowOf(page, "Groups of this user", "Contractors").getByText("Pending").waitFor();
    await expectPageClean(browser!, artifacts, "user-inactive-grants");

    // Adding Bob to Contractors again from his page with a window sets that window (now active until EXPIRY).
    await page.getByRole("button", { name: "Add to groups" }).click();
    const groupPicker = page.getByRole("dialog", { name: "Add Bob Builder to groups" });
    await groupPicker.getByRole("checkbox", { name: "Select Contractors" }).check();
    await groupPicker.getByLabel("Expires at").fill(EXPIRY);
    await groupPicker.getByRole("button", { name: "Add", exact: true }).click();
    await groupPicker.waitFor({ state: "hidden" });
    expect(await groupGrants(BOB)).toEqual([{ group: { id: groupId }, validFrom: null, expiresAt: isoOf(EXPIRY), active: true }]);
    await rowOf(page, "Groups of this user", "Contractors")
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();
  });

  test("organization page: a member and a member role added with windows, an invalid window refused, inactive members on demand", async () => {
    const { page } = browser!;
    await page.goto(`${t.baseUrl}/admin/organizations/${orgId}`);
    await page.getByRole("heading", { level: 1, name: "Acme Corporation" }).waitFor();

    // Dave joins until EXPIRY.
    await page.getByRole("button", { name: "Add members" }).click();
    const picker = page.getByRole("dialog", { name: "Add members to Acme Corporation" });
    await picker.getByRole("checkbox", { name: `Select ${DAVE}` }).check();
    await picker.getByLabel("Expires at").fill(EXPIRY);
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await picker.waitFor({ state: "hidden" });
    expect(await organizationMembers()).toEqual([{ user: { id: DAVE }, validFrom: null, expiresAt: isoOf(EXPIRY), active: true, roleGrants: [] }]);
    await rowOf(page, "Members of Acme Corporation", DAVE)
      .getByText(`until ${shown(isoOf(EXPIRY))}`)
      .waitFor();

    // A member role from LATER: an invalid window first (expires before it starts), then a valid one.
    await rowOf(page, "Members of Acme Corporation", DAVE).getByRole("button", { name: "Add roles" }).click();
    const rolePicker = page.getByRole("dialog", { name: `Add roles to ${DAVE} in Acme Corporation` });
    await rolePicker.getByRole("checkbox", { name: "Select Expense User (Grants App)" }).check();
    await rolePicker.getByLabel("Valid from").fill(LATER);
    await rolePicker.getByLabel("Expires at").fill(EXPIRY);
    await rolePicker.getByRole("button", { name: "Add", exact: true }).click();
    await expectFieldError(page, rolePicker.getByLabel("Expires at"), /expiresAt: must be later than validFrom/);
    await expectPageClean(browser!, artifacts, "organization-add-roles-invalid-window");
    expect((await organizationMembers())[0].roleGrants).toEqual([]);
    await rolePicker.getByLabel("Expires at").fill("");
    await rolePicker.getByRole("button", { name: "Add", exact: true }).click();
    await rolePicker.waitFor({ state: "hidden" });
    expect((await organizationMembers())[0].roleGrants).toEqual([{ role: { id: userRoleId }, validFrom: isoOf(LATER), expiresAt: null, active: false }]);

    // Carol's membership expires two seconds from now: listed, as "Expired", only with the switch; Dave's pending role shows then too.
    const carolExpiry = soon();
    await t.ok(`mutation($o: ID!, $e: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: ["${CAROL}"], expiresAt: $e) { id } }`, { o: orgId, e: carolExpiry });
    await untilPast(carolExpiry);
    await page.reload();
    await rowOf(page, "Members of Acme Corporation", DAVE).waitFor();
    expect(await page.getByRole("table", { name: "Members of Acme Corporation" }).locator("tbody tr").count()).toBe(1);
    await page.getByRole("switch", { name: "Show inactive grants" }).check();
    await rowOf(page, "Members of Acme Corporation", CAROL).getByText("Expired").waitFor();
    await page
      .getByRole("list", { name: `Roles of ${DAVE}` })
      .getByText(`Pending, from ${shown(isoOf(LATER))}`)
      .waitFor();
    await expectPageClean(browser!, artifacts, "organization-members-inactive");
  });
});

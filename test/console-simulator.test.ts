/**
 * The console's Login simulator (docs/design.md §3, §11) in headless Chromium, offline: one
 * scripted admin session (a login link from the real CLI) runs the example company's accountant
 * and checks the page against the API's own answer (groups, roles, permissions, claims, every
 * path); a mapped IdP group; a BAD_USER_INPUT tied to its input; a read-only session; axe; no
 * request off the origin; at most 5 GraphQL requests on the first view. Screenshots go to a temp
 * dir and, on the example company, to docs/console/ when CONSOLE_SCREENSHOTS=docs/console. Needs `npm run build` (dist/ and ui/dist).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_APPLICATION_ID, seedDemo } from "../src/cli/seed-demo";
import { axeViolations, screenshot, type OfflineBrowser } from "./helpers/browser";
import { expectClean, firstView, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(120_000);

// docs/console/ is written only when asked (CONSOLE_SCREENSHOTS=docs/console), so a test run leaves the tree clean.
const DOCS = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : undefined;
const ALICE = "auth0|alice";
const CONNECTION = "Username-Password-Authentication";

describe("console: Login simulator", () => {
  let t: TestServer;
  let workDir: string;
  let shots: string;
  let browser: OfflineBrowser | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-console-simulator-"));
    shots = path.join(workDir, "screenshots");
    t = await startTestServer();
    expect(await seedDemo(t.server.app)).not.toBeNull();
    // Claims in the token, under a namespace, as a real deployment would have them; IdP groups passed through.
    await t.ok(
      `mutation { updateConfiguration(input: { groupsInToken: true, rolesInToken: true, permissionsInToken: true, groupsPassthrough: true, claimNamespace: "https://example.com/claims/" }) { claimNamespace } }`,
    );
    console.log(`console-simulator artefacts: ${workDir}`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const apiAnswer = async (variables: Record<string, unknown>) =>
    (await t.ok<any>(
      `query($userId: ID!, $clientId: ID!, $connection: String, $groups: [String!]) {
          authorizationContext(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $groups) { groups roles permissions claims accessGranted warnings }
          explainAuthorization(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $groups) { groups { name paths } roles { name paths } permissions { name paths } }
        }`,
      variables,
    )) as { authorizationContext: any; explainAuthorization: Record<"groups" | "roles" | "permissions", Array<{ name: string; paths: string[] }>> };

  const listed = (label: string) =>
    browser!.page
      .getByRole("list", { name: new RegExp(`^${label} \\(`) })
      .getByRole("listitem")
      .allTextContents();

  test("the example company's accountant: groups, roles, permissions, claims and every path, as the API answers", async () => {
    browser = await openConsole(t, path.join(workDir, "profile-admin"), "--scopes", "all", "--subject", "console-admin");
    const { page } = browser;

    const view = await firstView(browser, `${t.baseUrl}/admin/login-simulator`, () => page.getByRole("button", { name: "Run" }).waitFor());
    expect(view.length).toBeLessThanOrEqual(5);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("User id").fill(ALICE);
    await page.getByRole("combobox", { name: "Client id" }).fill("expense");
    // The client id field offers the applications (searched on the server).
    await page.getByRole("option", { name: /Expense Management Tool/ }).click();
    expect(await page.getByRole("combobox", { name: "Client id" }).inputValue()).toBe(DEMO_APPLICATION_ID);
    await page.getByLabel("Connection").fill(CONNECTION);
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Access granted").waitFor();

    const expected = await apiAnswer({ userId: ALICE, clientId: DEMO_APPLICATION_ID, connection: CONNECTION });
    expect(expected.authorizationContext).toMatchObject({
      groups: ["Accounting", "Example Company", "External Accountants"],
      roles: ["Expense User"],
      permissions: ["add:expense", "view:own-expenses"],
    });
    expect(await listed("Groups")).toEqual(expected.authorizationContext.groups);
    expect(await listed("Roles")).toEqual(expected.authorizationContext.roles);
    expect(await listed("Permissions")).toEqual(expected.authorizationContext.permissions);
    // The claims block is the JSON the API answers, ready to paste.
    const claims = JSON.parse((await page.getByTestId("claims-json").textContent()) ?? "");
    expect(claims).toEqual(expected.authorizationContext.claims);
    expect(claims["https://example.com/claims/roles"]).toEqual(["Expense User"]);
    await page.getByRole("button", { name: "Copy claims" }).waitFor();
    // Every path of every item is on the page.
    for (const kind of ["groups", "roles", "permissions"] as const) {
      const table = page.getByRole("table", { name: `${kind[0].toUpperCase()}${kind.slice(1)}: paths` });
      for (const item of expected.explainAuthorization[kind]) {
        for (const p of item.paths) await table.getByText(p, { exact: true }).waitFor();
      }
    }
    await page.getByText("add:expense ← role Expense User ← group Example Company ← group Accounting ← member of External Accountants", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "login-simulator");
    if (DOCS) await screenshot(page, DOCS, "login-simulator");

    // An IdP group mapped to Management (corp-ad, Administrative): the mapping's path shows. One
    // group a line, so the commas of a DN stay in its name.
    await page.getByLabel("Connection").fill("corp-ad");
    await page.getByLabel("IdP groups").fill("Administrative\nCN=Auditors,OU=Groups,DC=corp");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Management ← mapping (corp-ad, Administrative)", { exact: true }).waitFor();
    const mapped = await apiAnswer({ userId: ALICE, clientId: DEMO_APPLICATION_ID, connection: "corp-ad", groups: ["Administrative", "CN=Auditors,OU=Groups,DC=corp"] });
    expect(await listed("Groups")).toEqual(mapped.authorizationContext.groups);
    expect(mapped.authorizationContext.groups).toContain("Management");
    // Groups passthrough is on: the DN arrived whole.
    expect(await listed("Groups")).toContain("CN=Auditors,OU=Groups,DC=corp");

    // A client id that is not registered: the warning says so.
    await page.getByRole("combobox", { name: "Client id" }).fill("not-registered-app");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Run" }).click();
    const unknown = await apiAnswer({ userId: ALICE, clientId: "not-registered-app", connection: "corp-ad", groups: ["Administrative", "CN=Auditors,OU=Groups,DC=corp"] });
    expect(unknown.authorizationContext.warnings.length).toBeGreaterThan(0);
    await page.getByText(unknown.authorizationContext.warnings[0], { exact: true }).waitFor();

    // A blank user id is refused by the server; the message is tied to the "User id" input.
    await page.getByLabel("User id").fill("   ");
    await page.getByRole("button", { name: "Run" }).click();
    const userIdInput = page.getByLabel("User id");
    await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    expect(await userIdInput.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await userIdInput.getAttribute("aria-describedby")) ?? "";
    const descriptions = await Promise.all(describedBy.split(/\s+/).map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions.join(" ")).toMatch(/userId must/);
    expect(await page.getByRole("combobox", { name: "Client id" }).getAttribute("aria-invalid")).not.toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "login-simulator-bad-input");

    // A user's page links here with the user and the application filled in. The link does not run
    // a login by itself (a run stores a snapshot when a persist switch is on): the admin presses Run.
    const linked = await firstView(browser, `${t.baseUrl}/admin/login-simulator?userId=auth0%7Cbob&clientId=${DEMO_APPLICATION_ID}&groups=Admins`, () =>
      page.getByRole("button", { name: "Run" }).waitFor(),
    );
    expect(linked.length).toBeLessThanOrEqual(5);
    expect(linked).not.toContain("SimulateLogin");
    expect(await page.getByLabel("User id").inputValue()).toBe("auth0|bob");
    expect(await page.getByLabel("IdP groups").inputValue()).toBe("Admins");
    await page.getByLabel("IdP groups").fill("");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Expense Admin ← group Finance ← member of Finance IT Support", { exact: true }).waitFor();
    expect(await listed("Roles")).toEqual(["Expense Admin", "Expense User"]);

    expectClean(browser);
    await browser.close();
    browser = undefined;
  });

  test("a read-only session (read:groups) sees Run disabled, saying it needs read:authorization", async () => {
    browser = await openConsole(t, path.join(workDir, "profile-reader"), "--scopes", "read:groups", "--subject", "auditor");
    const { page } = browser;
    const view = await firstView(browser, `${t.baseUrl}/admin/login-simulator`, () => page.getByRole("button", { name: "Run" }).waitFor());
    expect(view).toEqual(["Viewer"]);
    const run = page.getByRole("button", { name: "Run" });
    expect(await run.isDisabled()).toBe(true);
    expect(await page.locator(`[id="${await run.getAttribute("aria-describedby")}"]`).textContent()).toBe("needs read:authorization");
    expect(await page.locator("main").textContent()).not.toContain("@example.com");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shots, "login-simulator-read-only");
    expectClean(browser);
  });
});

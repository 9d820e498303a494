/**
 * The console's Import / Export page (docs/design.md §7, §11) in headless Chromium, offline, on
 * the example company. One scripted admin session uploads a file with a dangling id: "Check file"
 * (a dry run) lists the problem with its path and nothing is written; a valid file's dry run shows
 * the counts per kind, "Import" merges it (asserted through GraphQL); replace on this non-empty
 * database warns with what it would delete and needs a confirmation; the export downloads the
 * model; the Audit log shows the import with the signed-in subject. axe, offline, no CSP
 * violation, at most 5 GraphQL requests per first view. Needs `npm run build`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo } from "../src/cli/seed-demo";
import type { OfflineBrowser } from "./helpers/browser";
import { expectClean, expectFirstView, expectPageClean, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(240_000);

const SUBJECT = "import-admin";
const TEAM_ID = "a0000000-0000-4000-8000-0000000000a1";

describe("console: Import / Export", () => {
  let t: TestServer;
  let workDir: string;
  let shots: string;
  const browsers: OfflineBrowser[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-console-import-"));
    shots = path.join(workDir, "screenshots");
    t = await startTestServer();
    expect(await seedDemo(t.server.app)).not.toBeNull();
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
    console.log(`console-import-export artefacts: ${workDir}`);
  });

  const file = (name: string, content: unknown) => {
    const at = path.join(workDir, name);
    writeFileSync(at, JSON.stringify(content));
    return at;
  };
  const team = async () => (await t.ok<any>(`query($id: ID!) { group(id: $id) { name members { nodes { id } } } }`, { id: TEAM_ID })).group;
  const auditCount = async () => (await t.ok<any>(`query($a: String) { auditLog(actor: $a) { totalCount } }`, { a: SUBJECT })).auditLog.totalCount as number;

  test("a dangling id refused in the dry run with its path and nothing written; a valid file merged; replace warned; export downloaded", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-admin"), "--scopes", "all", "--subject", SUBJECT);
    browsers.push(browser);
    const { page } = browser;
    const upload = (at: string) => page.locator('input[type="file"]').setInputFiles(at);

    await expectFirstView(browser, `${t.baseUrl}/admin/import-export`, () => page.getByRole("button", { name: "Check file" }).waitFor());
    expect(await page.getByRole("button", { name: "Check file" }).isDisabled()).toBe(true);
    await expectPageClean(browser, shots, "import-export");

    // A nesting of an unknown group: the dry run lists it with its path; nothing is written.
    await upload(file("dangling.json", { groups: [{ _id: TEAM_ID, name: "Imported Team", members: ["auth0|imported-1"], nested: ["ghost-group"] }] }));
    await page.getByRole("button", { name: "Check file" }).click();
    const problems = page.getByRole("table", { name: "Problems in the file" });
    await problems.waitFor();
    const row = problems.getByRole("row").filter({ hasText: "groups[0].nested[0]" });
    await expect(row.textContent()).resolves.toContain("ghost-group");
    await page
      .getByRole("alert")
      .filter({ hasText: /The file has 1 problem; nothing can be imported/ })
      .waitFor();
    await expect(page.getByRole("button", { name: "Import", exact: true }).count()).resolves.toBe(0);
    expect(await team()).toBeNull();
    expect(await auditCount()).toBe(0);
    await expectPageClean(browser, shots, "import-dangling-refused");

    // A valid file: the dry run counts per kind and writes nothing; Import merges it.
    await upload(file("valid.json", { groups: [{ _id: TEAM_ID, name: "Imported Team", members: ["auth0|imported-1"] }] }));
    await page.getByRole("button", { name: "Check file" }).click();
    const preview = page.getByRole("table", { name: "What the import would change" });
    await preview.waitFor();
    const counts = async (table: typeof preview) =>
      Object.fromEntries(
        await Promise.all(
          (await table.locator("tbody tr").all()).map(async (r) => {
            const cells = await r.locator("th, td").allTextContents();
            return [cells[0], cells.slice(1).map(Number)] as const;
          }),
        ),
      );
    expect(await counts(preview)).toEqual({ Users: [1, 0, 0], Groups: [1, 0, 0], "Memberships (users in groups)": [1, 0, 0] });
    expect(await team()).toBeNull();
    await expectPageClean(browser, shots, "import-dry-run");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const done = page.getByRole("table", { name: "What the import changed" });
    await done.waitFor();
    expect(await counts(done)).toEqual({ Users: [1, 0, 0], Groups: [1, 0, 0], "Memberships (users in groups)": [1, 0, 0] });
    expect(await team()).toEqual({ name: "Imported Team", members: { nodes: [{ id: "auth0|imported-1" }] } });
    await expectPageClean(browser, shots, "import-done");

    // Replace on this non-empty database: the warning says what goes; Import waits for the confirmation.
    await page.getByRole("radio", { name: /^Replace/ }).check();
    await page.getByRole("button", { name: "Check file" }).click();
    const warning = page.getByRole("alert").filter({ hasText: /Replace deletes \d+ records that are not in the file/ });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toMatch(/groups/);
    const importButton = page.getByRole("button", { name: "Import", exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await expectPageClean(browser, shots, "import-replace-warning");
    await warning.getByRole("checkbox", { name: "I understand that replace deletes them" }).check();
    expect(await importButton.isDisabled()).toBe(false);
    const groupsBefore = (await t.ok<any>(`{ groups { totalCount } }`)).groups.totalCount;
    expect(groupsBefore).toBeGreaterThan(1);

    // The export downloads the whole model as JSON (the imported group in it).
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download export" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gatehouse-export-.*\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(exported.groups.map((g: { name: string }) => g.name)).toContain("Imported Team");
    expect(exported.groups).toHaveLength(groupsBefore);

    // The audit log: the one import (dry runs write nothing), under the session's subject.
    expect(await auditCount()).toBe(1);
    await expectFirstView(browser, `${t.baseUrl}/admin/audit-log?actor=${SUBJECT}`, () => page.getByText("importData", { exact: true }).waitFor());
    await expect(page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: "importData" }).textContent()).resolves.toContain(SUBJECT);
    await expectPageClean(browser, shots, "audit-log-import");
    expectClean(browser);
  });

  test("a session without import:data and export:data sees Check file and Download export disabled, saying which scope", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-reader"), "--scopes", "read:groups", "--subject", "auditor");
    browsers.push(browser);
    const { page } = browser;
    await expectFirstView(browser, `${t.baseUrl}/admin/import-export`, () => page.getByRole("button", { name: "Check file" }).waitFor());
    for (const [name, scope] of [
      ["Check file", "import:data"],
      ["Download export", "export:data"],
    ]) {
      const button = page.getByRole("button", { name });
      expect(await button.isDisabled()).toBe(true);
      expect(await page.locator(`[id="${await button.getAttribute("aria-describedby")}"]`).textContent()).toBe(`needs ${scope}`);
    }
    await expectPageClean(browser, shots, "import-export-read-only");
  });
});

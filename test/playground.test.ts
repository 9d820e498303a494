/**
 * The GraphiQL playground (GET /graphql) in a real browser, offline: Debian's headless Chromium
 * (/usr/bin/chromium, package `chromium`, which .ci/run installs) driven by playwright-core. Every
 * request that is not to 127.0.0.1 (or an in-page blob:/data: URL) is aborted and recorded, and
 * Chromium's resolver maps every other host to NOTFOUND, so the page must work with no internet.
 * The test types a bearer token into GraphiQL's headers editor and a query into its operation
 * editor with keyboard events, runs it with Ctrl-Enter and reads the result pane.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Locator, Page } from "playwright-core";
import { assertChromium, OfflineBrowser, openOfflineBrowser } from "./helpers/browser";
import { startTestServer, TestServer } from "./helpers/server";

const GROUP_NAME = "Playground Auditors";

jest.setTimeout(60_000);

/** The text a Monaco editor renders (visible lines only; enough for the short texts used here). */
async function editorText(editor: Locator): Promise<string> {
  const lines = await editor.locator(".view-line").allTextContents();
  return lines.join("\n").replace(/\u00a0/g, " ");
}

/** Waits until the editor shows `expected`; fails with what it shows otherwise. */
async function waitForText(editor: Locator, expected: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await editorText(editor);
    if (text.includes(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Expected the editor to show ${JSON.stringify(expected)} within ${timeoutMs} ms; it shows:\n${text}`);
}

/** Replaces the whole content of a Monaco editor by typing `text` (keyboard events). */
async function typeInto(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

describe("playground (GET /graphql) in headless Chromium, offline", () => {
  let t: TestServer;
  let browser: OfflineBrowser | undefined;
  let workDir: string;

  beforeAll(async () => {
    assertChromium();
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-playground-"));
    t = await startTestServer();
    await t.ok(`mutation { createGroup(input: {name: "${GROUP_NAME}", description: "seen through GraphiQL"}) { id } }`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test("loads with no internet, takes a bearer token in the headers editor, runs a query and shows the result", async () => {
    // A fresh, empty profile (--user-data-dir) in the test's temp dir; offline (see helpers/browser.ts).
    browser = await openOfflineBrowser(path.join(workDir, "profile"));
    const { page, external, pageErrors } = browser;
    const graphqlStatuses: number[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST" && new URL(response.url()).pathname === "/graphql") graphqlStatuses.push(response.status());
    });

    try {
      const token = await t.token(["read:groups"]);
      const response = await page.goto(`${t.baseUrl}/graphql`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toContain("text/html");

      const operationEditor = page.locator('[data-uri$="-operation.graphql"]');
      const headersEditor = page.locator('[data-uri$="-request-headers.json"]');
      const resultPane = page.locator('[data-uri$="-response.json"]');
      await operationEditor.locator(".view-lines").waitFor({ state: "visible", timeout: 20_000 });

      // On load GraphiQL fetches the schema with no credential: it is answered (docs and
      // completion work before a token is pasted), and nothing shows an error before anything
      // is typed (a placeholder header made the first thing a new user saw UNAUTHENTICATED).
      const deadline = Date.now() + 15_000;
      while (!graphqlStatuses.includes(200) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(graphqlStatuses).toEqual([200]);
      await waitForText(operationEditor, "Gatehouse playground", 5000);
      expect(await editorText(operationEditor)).toContain("npx gatehouse token create");
      expect(await editorText(resultPane)).toBe("");
      await page.getByRole("button", { name: /Show Documentation Explorer/i }).click();
      await page.getByText("Root Types").waitFor({ state: "visible", timeout: 5000 });
      await page.getByRole("button", { name: /Hide Documentation Explorer/i }).click();

      // The headers editor is a tab below the operation editor; it starts as an empty JSON object.
      await page.getByRole("button", { name: "Headers" }).click();
      await headersEditor.locator(".view-lines").waitFor({ state: "visible" });
      expect((await editorText(headersEditor)).trim()).toBe("{}");
      await typeInto(page, headersEditor, `{"Authorization": "Bearer ${token}"}`);
      expect((await editorText(headersEditor)).replace(/\s+/g, "")).toBe(`{"Authorization":"Bearer${token}"}`);

      const query = '{ groups(search: "playground") { totalCount nodes { name description } } }';
      await typeInto(page, operationEditor, query);
      expect((await editorText(operationEditor)).replace(/\s+/g, "")).toBe(query.replace(/\s+/g, ""));

      await page.keyboard.press("Control+Enter");
      await waitForText(resultPane, GROUP_NAME, 10_000);
      const result = JSON.parse(await editorText(resultPane)) as {
        data?: { groups: { totalCount: number; nodes: Array<{ name: string; description: string }> } };
        errors?: unknown;
      };
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ groups: { totalCount: 1, nodes: [{ name: GROUP_NAME, description: "seen through GraphiQL" }] } });

      expect([...external]).toEqual([]);
      expect(pageErrors).toEqual([]);
    } catch (error) {
      const shot = path.join(workDir, "playground-failure.png");
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      if (error instanceof Error) error.message += `\nScreenshot: ${shot}\nExternal requests: ${JSON.stringify([...external])}\nPage errors: ${JSON.stringify(pageErrors)}`;
      throw error;
    }
    // Keep the profile and screenshot only when the test failed.
    await browser.close();
    browser = undefined;
    rmSync(workDir, { recursive: true, force: true });
  });
});

import { execFile } from "node:child_process";
import path from "node:path";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * The CLI and the server write to one SQLite file at once (docs/design.md §5, "one stalled
 * instance cannot stop the others"): write transactions begin IMMEDIATE, so each waits for the
 * other within the busy timeout instead of failing. With deferred BEGINs that read first, SQLite
 * refused the later write at once ("database is locked"): `gatehouse apikey rotate` under write
 * load failed 10 times out of 10, and server mutations failed during a CLI write.
 * SQLite only: on PostgreSQL writers queue on the advisory lock.
 */
const sqliteOnly = process.env.TEST_POSTGRES_URL || process.env.TEST_DATABASE_URL ? describe.skip : describe;

sqliteOnly("CLI and server writing the same SQLite file", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const rotate = () =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(__dirname, "..", "bin", "gatehouse.js"), "apikey", "rotate"], {
        env: { ...process.env, DATABASE_URL: t.server.app.config.databaseUrl, LOG_LEVEL: "warn" },
      });
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("exit", (code) => resolve({ code, stderr }));
    });

  it("gatehouse apikey rotate succeeds under a load of server mutations, and every mutation succeeds too", async () => {
    let stop = false;
    const failures: string[] = [];
    let mutations = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 2000; i += 1) {
        const result = await t.gql(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: `Load ${w}-${i}` });
        mutations += 1;
        if (result.errors) failures.push(JSON.stringify(result.errors[0]));
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    const rotations = [];
    for (let i = 0; i < 4; i += 1) rotations.push(await rotate());
    stop = true;
    await Promise.all(writers);
    expect(rotations.map((r) => (r.code === 0 ? "ok" : r.stderr.trim()))).toEqual(["ok", "ok", "ok", "ok"]);
    expect(failures).toEqual([]);
    expect(mutations).toBeGreaterThan(10);
  }, 120_000);
});

import { randomBytes } from "node:crypto";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

// pg ships no type declarations: type the little used here (as test/helpers/server.ts does).
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const { Client } = require("pg") as { Client: new (config: { connectionString: string }) => PgClient };

async function pg(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Member pages must walk every membership whatever the database's collation. On PostgreSQL this
 * file uses a database with a linguistic (ICU "en") collation, as managed PostgreSQL services
 * default to, where "alice" sorts before "Bob" while byte order puts "Bob" first.
 */
describe("member pages under a linguistic collation", () => {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  let t: TestServer;
  let dropDatabase = async () => undefined as unknown;
  beforeAll(async () => {
    if (adminUrl) {
      const name = `gatehouse_test_icu_${randomBytes(6).toString("hex")}`;
      await pg(adminUrl, `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      dropDatabase = () => pg(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      t = await startTestServer({ databaseUrl: url.toString() });
    } else {
      t = await startTestServer();
    }
  });
  afterAll(async () => {
    await t?.stop();
    await dropDatabase();
  });

  const userIds = ["auth0|Bob", "auth0|alice", "auth0|Carol", "auth0|dave", "auth0|_eve", "auth0|Émile", "auth0|zed"];

  async function walk(query: string, id: string, pick: (node: any) => string): Promise<{ seen: string[]; total: number }> {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let pages = 0; pages < 50; pages++) {
      const page: any = Object.values((await t.ok<any>(query, { id, after })).group)[0];
      total = page.totalCount;
      seen.push(...page.nodes.map(pick));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { seen, total };
  }

  it("members and calculatedMembers pages, one node at a time, list every membership once", async () => {
    const f = new Fixtures(t);
    const parent = await f.group("Order Parent");
    const left = await f.group("Order Left");
    const right = await f.group("Order Right");
    await f.nest(parent.id, [left.id, right.id]);
    await f.addMembers(
      left.id,
      userIds.filter((_, i) => i % 2 === 0),
    );
    await f.addMembers(
      right.id,
      userIds.filter((_, i) => i % 2 === 1),
    );
    await f.addMembers(parent.id, userIds);

    const members = await walk(
      `query($id: ID!, $after: String) { group(id: $id) { members(first: 1, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }`,
      parent.id,
      (node) => node.id,
    );
    expect(members.total).toBe(userIds.length);
    expect([...members.seen].sort()).toEqual([...userIds].sort());

    const calculated = await walk(
      `query($id: ID!, $after: String) { group(id: $id) { calculatedMembers(first: 1, after: $after) { totalCount nodes { user { id } group { name } } pageInfo { hasNextPage endCursor } } } }`,
      parent.id,
      (node) => `${node.user.id}@${node.group.name}`,
    );
    const expected = [...userIds.map((u) => `${u}@Order Parent`), ...userIds.map((u, i) => `${u}@${i % 2 === 0 ? "Order Left" : "Order Right"}`)];
    expect(calculated.total).toBe(expected.length);
    expect([...calculated.seen].sort()).toEqual([...expected].sort());
  });
});

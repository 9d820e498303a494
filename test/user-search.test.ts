import { searchGramToken } from "../src/db/search-grams";
import { TABLES } from "../src/db/tables";
import { exportData, importOk } from "./helpers/transfer";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * users(search:) over the substring indexes (docs/design.md §10, "User search"): the answers are
 * those of the LIKE the search has always meant — run here against the same database as the
 * oracle — page by page, and the index (SQLite's FTS5 table; PostgreSQL's trigram indexes) is in
 * step with every way users are written.
 */

const UPSERT = `mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { id } }`;
const SEARCH = `query($s: String, $first: Int, $after: String) {
  users(search: $s, first: $first, after: $after) { totalCount totalCountExact pageInfo { hasNextPage endCursor } nodes { id } } }`;
const { users: USERS } = TABLES;

/** `%term%` for LIKE, the term lower-cased and its wildcards escaped: what the list has always sent. */
const likePattern = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const TRICKY_USERS = [
  { id: "auth0|Ann", email: "Ann.Smith@Example.COM", name: "Ann Smith" },
  { id: "ad|ÉCOLE", email: "élève@école.fr", name: "Élodie Ünal" },
  { id: "x|percent", email: "under_score@x.io", name: "100% sure" },
  { id: "x|quote", email: "ob@x.io", name: `O'Brien "Bob"` },
  { id: "emoji|1", email: null, name: "Zoë 😀 Test" },
  { id: "x|ab", email: "ab@x.io", name: "ab" },
  { id: "x|istanbul", email: null, name: "İstanbul" },
  { id: "x|strasse", email: "STRASSE@x.de", name: "Straße" },
  { id: "x|greek", email: null, name: "ΣΊΣΥΦΟΣ" },
  { id: "back\\slash", email: "ab.back@x.io", name: "back\\slash" },
  { id: "x|percent-free", email: "percent@x.io", name: "100 sure" },
  { id: "x|us", email: "underXscore@x.io", name: "rXs" },
];

const SEARCHES = [
  "ann",
  "ANN",
  "Ann.s",
  "smith@",
  "@example",
  ".com",
  "EXAMPLE",
  "ann smith",
  "smithann",
  "a",
  "an",
  "A",
  "n",
  "%",
  "_",
  "100%",
  "0%",
  "r_s",
  "under_",
  "'",
  `"`,
  `"bob"`,
  "o'b",
  `"b`,
  "é",
  "É",
  "école",
  "ÉCOLE",
  "élève@",
  "ünal",
  "ÜNAL",
  "😀",
  "zoë 😀",
  "ë 😀 t",
  "i̇stanbul",
  "İstanbul",
  "istanbul",
  "\\",
  "back\\",
  "\\s",
  "a\\b",
  "ss",
  "straße",
  "STRASSE",
  "strasse",
  "σίσ",
  "ΣΊΣ",
  "ς",
  "x|",
  "|",
  "x.io",
  "ab",
  "xab",
  "b",
  "bulk",
  "zzz",
  "🙂",
  "   ",
  "x",
  "ance",
];

describe("users(search:) over the substring index", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.ok(UPSERT, { users: TRICKY_USERS });
    // A stub: a user created only by being referenced.
    const { createGroup } = await t.ok<any>(`mutation { createGroup(input: { name: "Search stubs" }) { id } }`);
    await t.ok(`mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { id } }`, { g: createGroup.id, u: ["stub|Only-Id"] });
  });
  afterAll(() => t.stop());

  const postgres = () => t.server.app.db.kind === "postgres";

  /** The meaning of a search, as the list has always computed it: LIKE on LOWER() of each column, in id order. */
  async function oracle(search: string): Promise<string[]> {
    const p = postgres() ? ["$1", "$2", "$3"] : ["?", "?", "?"];
    const pattern = likePattern(search);
    const rows: Array<{ id: string }> = await t.server.app.db.manager.query(
      `SELECT ${USERS.c.id} AS "id" FROM ${USERS.table} u WHERE (LOWER(u.${USERS.c.id}) LIKE ${p[0]} ESCAPE '\\' OR LOWER(COALESCE(u.${USERS.c.email}, '')) LIKE ${p[1]} ESCAPE '\\' ` +
        `OR LOWER(COALESCE(u.${USERS.c.name}, '')) LIKE ${p[2]} ESCAPE '\\') ORDER BY u.${USERS.c.id}`,
      [pattern, pattern, pattern],
    );
    return rows.map((row) => row.id);
  }

  /** Every page of a search through GraphQL, `first` at a time: the ids in order and the first page's totalCount. */
  async function search(s: string, first = 3): Promise<{ ids: string[]; totalCount: number; exact: boolean }> {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    let exact = false;
    for (;;) {
      const { users }: { users: any } = await t.ok<any>(SEARCH, { s, first, after });
      if (totalCount === -1) [totalCount, exact] = [users.totalCount, users.totalCountExact];
      ids.push(...users.nodes.map((n: { id: string }) => n.id));
      if (!users.pageInfo.hasNextPage) return { ids, totalCount, exact };
      after = users.pageInfo.endCursor;
    }
  }

  /**
   * The users the index itself finds (SQLite: the FTS5 tables, read directly — "users_search" for 3
   * or more characters, one token of "users_search_grams" for fewer; PostgreSQL: the grams index's
   * expression for fewer than 3), or null where the term is not looked up in an index of its own.
   */
  async function indexed(term: string): Promise<string[] | null> {
    const lower = term.toLowerCase();
    const long = [...lower].length >= 3;
    const token = long ? null : searchGramToken(lower);
    const manager = t.server.app.db.manager;
    if (postgres()) {
      if (long || token === null) return null;
      const grams = `(gatehouse_search_grams(LOWER("id")) || gatehouse_search_grams(LOWER(COALESCE("email", ''))) || gatehouse_search_grams(LOWER(COALESCE("name", ''))))`;
      const rows: Array<{ id: string }> = await manager.query(`SELECT "id" FROM ${USERS.table} WHERE ${grams} @> ARRAY[$1]::text[]`, [lower]);
      return rows.map((row) => row.id).sort();
    }
    if (!long && token === null) return null;
    const table = long ? `"users_search"` : `"users_search_grams"`;
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT k."userId" AS "id" FROM ${table} s JOIN "users_search_keys" k ON k."rowid" = s."rowid" WHERE ${table} MATCH ?`,
      [`"${(long ? lower : (token as string)).replaceAll('"', '""')}"`],
    );
    return rows.map((row) => row.id).sort();
  }

  /** Every search answers as the oracle, through every page, and the index finds exactly the oracle's users. */
  async function expectInStep(searches: readonly string[]): Promise<void> {
    for (const s of searches) {
      const expected = await oracle(s);
      const got = await search(s);
      expect({ s, ids: got.ids, totalCount: got.totalCount, exact: got.exact }).toEqual({ s, ids: expected, totalCount: expected.length, exact: true });
      const found = await indexed(s);
      if (found) expect({ s, found }).toEqual({ s, found: [...expected].sort() });
    }
  }

  it("answers tricky searches exactly as the LIKE did (case, short terms, %, _, quotes, backslashes, unicode, e-mail parts), across pages", async () => {
    await expectInStep(SEARCHES);
    // A few the oracle must agree with by hand, so that the oracle itself is the meaning above.
    expect((await search("ann")).ids).toEqual(["auth0|Ann"]);
    expect((await search("100%")).ids).toEqual(["x|percent"]);
    expect((await search("r_s")).ids).toEqual(["x|percent"]); // "under_score", not "rXs": _ is no wildcard
    expect((await search("under_")).ids).toEqual(["x|percent"]);
    expect((await search(`"bob"`)).ids).toEqual(["x|quote"]);
    expect((await search("smithann")).ids).toEqual([]);
    expect((await search("only-id")).ids).toEqual(["stub|Only-Id"]);
  });

  it("answers searches holding a NUL as the LIKE did (SQLite; PostgreSQL refuses NUL in text)", async () => {
    if (postgres()) return;
    for (const s of ["\u0000\u0000\u0000", "ann\u0000", "\u0000ann", "a\u0000"]) {
      const expected = await oracle(s);
      const got = await search(s, 50);
      expect({ s, ids: got.ids, totalCount: got.totalCount }).toEqual({ s, ids: expected, totalCount: expected.length });
    }
  });

  it("has the index the search is made for: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL", async () => {
    const manager = t.server.app.db.manager;
    if (postgres()) {
      const rows: Array<{ indexdef: string }> = await manager.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'users' AND indexdef LIKE '%gin_trgm_ops%'`);
      expect(rows).toHaveLength(3);
      const grams: Array<{ indexdef: string }> = await manager.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'IDX_users_search_grams'`);
      expect(grams[0].indexdef).toMatch(/USING gin .*gatehouse_search_grams/);
      await manager.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        const plan: Array<{ "QUERY PLAN": string }> = await m.query(`EXPLAIN SELECT 1 FROM "users" u WHERE LOWER(COALESCE(u."email", '')) LIKE '%smith@%'`);
        expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("IDX_users_search_email");
      });
    } else {
      const [{ sql }] = await manager.query(`SELECT "sql" FROM "sqlite_master" WHERE "name" = 'users_search'`);
      expect(sql).toMatch(/fts5.*trigram/i);
      const [{ sql: short }] = await manager.query(`SELECT "sql" FROM "sqlite_master" WHERE "name" = 'users_search_grams'`);
      expect(short).toMatch(/fts5.*trigram.*detail = none/i);
      const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "users_search_keys"`);
      const [{ m }] = await manager.query(`SELECT COUNT(*) AS "m" FROM ${USERS.table}`);
      expect(n).toBe(m);
    }
  });

  it("stays in step when users are updated, cleared, deleted and created as stubs", async () => {
    await t.ok(UPSERT, {
      users: [
        { id: "auth0|Ann", email: "ann.jones@example.org", name: "Ann Jones" },
        { id: "x|quote", email: null },
        { id: "x|percent", name: "100% sure" },
        { id: "new|Zed", email: "zed.new@Example.COM", name: "Zed Newman" },
      ],
    });
    await t.ok(`mutation { deleteUser(id: "x|greek") }`);
    const { createGroup } = await t.ok<any>(`mutation { createGroup(input: { name: "More stubs" }) { id } }`);
    await t.ok(`mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { id } }`, { u: "stub|Second-Stub", g: [createGroup.id] });
    await expectInStep([
      "smith",
      "ann.smith",
      "jones",
      "ann jones",
      "example.org",
      "example.com",
      "ob@x",
      "ob@",
      "σίσυφος",
      "ΣΊΣ",
      "zed",
      "newman",
      "second-stub",
      "stub|",
      "sure",
      "100%",
      // 1–2 characters: the short-search index, in step too.
      "jo",
      "z",
      "ze",
      "nn",
      "σ",
      "ob",
      "|s",
    ]);
    expect((await search("smith")).ids).toEqual([]);
    expect((await search("jones")).ids).toEqual(["auth0|Ann"]);
    expect((await search("second-stub")).ids).toEqual(["stub|Second-Stub"]);
    expect((await search("σίσ")).ids).toEqual([]);
  });

  it("stays in step through import: merge rewrites and adds users, replace removes them", async () => {
    const file = await exportData(t);
    file.users = file.users.map((u: any) => (u.id === "x|strasse" ? { ...u, name: "Renamed Strasse", email: "renamed@x.de" } : u));
    file.users.push({ id: "imp|merged", email: "merged.user@import.test", name: "Merged User" });
    file.groups.push({ _id: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9f01", name: "Imported group", description: "", members: ["imp|stub-from-file"], nested: [], roles: [] });
    await importOk(t, file, { mode: "MERGE" });
    await expectInStep(["straße", "renamed", "renamed@x", "merged", "import.test", "stub-from", "imp|"]);
    expect((await search("stub-from")).ids).toEqual(["imp|stub-from-file"]);
    expect((await search("straße")).ids).toEqual([]);

    const kept = await exportData(t);
    kept.users = kept.users.filter((u: any) => !u.id.startsWith("x|") && u.id !== "imp|merged");
    kept.users.push({ id: "imp|replaced", email: null, name: "Replacement" });
    await importOk(t, kept, { mode: "REPLACE" });
    await expectInStep(["x|", "merged", "replacement", "imp|", "stub", "ann", "sure"]);
    expect((await search("merged")).ids).toEqual([]);
    expect((await search("replacement")).ids).toEqual(["imp|replaced"]);
  });

  it("counts a search up to 10,000 matches, says when it stopped, and pages the rest in id order", async () => {
    const users = Array.from({ length: 10_050 }, (_, i) => ({ id: `bulk|${String(i).padStart(5, "0")}`, email: `bulk${i}@Bulk.test`, name: `Bulk ${i}` }));
    const file = await exportData(t);
    file.users.push(...users);
    await importOk(t, file, { mode: "MERGE" });
    for (const s of ["bulk", "BULK|", "ul"]) {
      const { users: page } = await t.ok<any>(SEARCH, { s, first: 100 });
      expect({ s, totalCount: page.totalCount, exact: page.totalCountExact }).toEqual({ s, totalCount: 10_000, exact: false });
      const expected = (await oracle(s)).slice(0, 200);
      const { users: next } = await t.ok<any>(SEARCH, { s, first: 100, after: page.pageInfo.endCursor });
      expect([...page.nodes, ...next.nodes].map((n: { id: string }) => n.id)).toEqual(expected);
    }
    const narrow = await search("bulk|0999", 100);
    expect({ ids: narrow.ids, totalCount: narrow.totalCount, exact: narrow.exact }).toEqual({ ids: await oracle("bulk|0999"), totalCount: 10, exact: true });
    const { users: all } = await t.ok<any>(`{ users(first: 1) { totalCount totalCountExact } }`);
    const [{ n }] = await t.server.app.db.manager.query(`SELECT COUNT(*) AS "n" FROM ${USERS.table}`);
    expect(all).toEqual({ totalCount: Number(n), totalCountExact: true });
  });
});

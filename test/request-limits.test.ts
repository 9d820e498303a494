import { errorCode, GraphQLResponse, startTestServer, TestServer } from "./helpers/server";

/**
 * Limits: abusive documents are refused before execution (no resolver runs), an
 * oversized body is refused with 413, the server keeps serving during and after, and
 * introspection can be switched off.
 */

/** `{ groups { nodes { nestedGroups { … id } } } }` with `depth` selection levels. */
function deepQuery(depth: number): string {
  const inner = depth - 2;
  return `{ groups { nodes { ${"nestedGroups { ".repeat(inner - 1)}id${" }".repeat(inner - 1)} } } }`;
}

/**
 * 40 aliased pages of 100 groups with 100 members each: depth 6 and within the alias limit, but
 * 40 × (1 + 100 × (1 + 1 + 100)) = 408,040 nodes, over the node limit of 100,000.
 */
const COSTLY = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: groups(first: 100) { nodes { id name members(first: 100) { nodes { id email name } } } }`).join(" ")} }`;

describe("request limits", () => {
  let t: TestServer;
  let token: string;
  /** SQL statements a request costs before any resolver runs (authentication); measured. */
  let baseline: number;

  beforeAll(async () => {
    t = await startTestServer();
    token = await t.token();
    // Something for resolvers to read, so that executing the refused documents would cost SQL.
    const group = await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: { name: "Limits" }) { id } }`);
    await t.ok(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["limits|u"]) { id } }`, { g: group.createGroup.id });
    baseline = (await statementsOf(() => t.gql("{ __typename }"))).statements;
  });
  afterAll(() => t.stop());

  /**
   * SQL statements `work` costs: the least of three runs, since a statement of the model cache
   * catching up with an earlier write may land in any one window (noise only ever adds).
   */
  async function statementsOf<T>(work: () => Promise<T>): Promise<{ value: T; statements: number }> {
    let least = Infinity;
    let value: T | undefined;
    for (let i = 0; i < 3; i += 1) {
      const before = t.sqlCount();
      value = await work();
      least = Math.min(least, t.sqlCount() - before);
    }
    return { value: value as T, statements: least };
  }

  function expectRefused(result: GraphQLResponse, pattern: RegExp): void {
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.map((e) => e.message).join("\n")).toMatch(pattern);
  }

  it("the same documents within the limits do run resolvers (so the SQL counts below can move)", async () => {
    const { value, statements } = await statementsOf(() => t.gql(deepQuery(5)));
    expect(value.errors).toBeUndefined();
    expect(statements).toBeGreaterThan(baseline);
  });

  it("a query 50 levels deep is refused before execution", async () => {
    const { value, statements } = await statementsOf(() => t.gql(deepQuery(50)));
    expectRefused(value, /depth limit of 15 exceeded/);
    expect(statements).toBeLessThanOrEqual(baseline);
  });

  it("a query over the node limit (within the depth and alias limits) is refused before execution with 400", async () => {
    const { value, statements } = await statementsOf(() => t.gql(COSTLY));
    expectRefused(value, /node limit of 100000 exceeded: the answer may hold 408040 nodes/);
    expect(value.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", nodes: 408_040, maxNodes: 100_000 });
    expect(value.errors?.some((e) => /depth|alias/.test(e.message))).toBe(false);
    expect(statements).toBeLessThanOrEqual(baseline);
  });

  it("the node count reads `first` from the request's variables", async () => {
    const query = `query($n: Int) { ${Array.from({ length: 40 }, (_, i) => `a${i}: groups(first: $n) { nodes { members(first: $n) { nodes { id } } } }`).join(" ")} }`;
    const { value, statements } = await statementsOf(() => t.gql(query, { n: 100 }));
    expectRefused(value, /the answer may hold 408040 nodes/);
    expect(statements).toBeLessThanOrEqual(baseline);
    expect((await t.gql(query, { n: 10 })).errors).toBeUndefined();
  });

  it("an ordinary admin page passes (graphql-armor's cost limit of 5000 refused it: 5228)", async () => {
    const page = await t.gql(`{ groups(first: 50) { nodes { id members(first: 5) { nodes { id } } roles { id } nestedGroups { id } } } }`);
    expect(page.status).toBe(200);
    expect(page.errors).toBeUndefined();
    expect(page.data?.groups.nodes).toHaveLength(1);
  });

  // graphql-armor's token limit re-parsed the document in a plugin, where graphql-js's syntax
  // error became an unexpected plugin error: every one of these was HTTP 500.
  it.each([
    ["an unclosed selection", "{ groups {", /Syntax Error: Expected Name, found <EOF>/],
    ["an unterminated string", '{ groups(search: "x) { totalCount } }', /Syntax Error: Unterminated string/],
    ["a document over the token limit", `{ ${Array.from({ length: 6000 }, (_, i) => `a${i}: __typename`).join(" ")} }`, /more that 10000 tokens/],
  ])("a syntax error (%s) is 400 BAD_USER_INPUT, before execution", async (_, document, pattern) => {
    const { value, statements } = await statementsOf(() => t.gql(document));
    expectRefused(value, pattern);
    expect(value.errors?.[0].extensions?.reason).toBe("GRAPHQL_PARSE_FAILED");
    expect(statements).toBeLessThanOrEqual(baseline);
  });

  it("more than 50 aliases are refused before execution", async () => {
    const aliases = `{ ${Array.from({ length: 51 }, (_, i) => `g${i}: configuration { groupsInToken }`).join(" ")} }`;
    const { value, statements } = await statementsOf(() => t.gql(aliases));
    expectRefused(value, /alias/i);
    expect(statements).toBeLessThanOrEqual(baseline);
  });

  async function postBig(body: string | ReadableStream<Uint8Array>): Promise<{ status: number; code?: string }> {
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);
    const json = (await response.json()) as GraphQLResponse;
    return { status: response.status, code: json.errors?.[0]?.extensions?.code };
  }

  const TEN_MB = 10 * 1024 * 1024;

  it("a 10 MB body with a Content-Length is refused with 413, and the server answers right after", async () => {
    const big = JSON.stringify({ query: "{ groups { totalCount } }", variables: { padding: "x".repeat(TEN_MB) } });
    expect(await postBig(big)).toEqual({ status: 413, code: "BAD_USER_INPUT" });
    expect((await t.gql("{ groups { totalCount } }")).data).toEqual({ groups: { totalCount: 1 } });
  });

  it("a 10 MB chunked body (no Content-Length) is refused with 413, and the server serves during and after", async () => {
    const chunk = new TextEncoder().encode("x".repeat(512 * 1024));
    let sent = 0;
    let servedDuring: GraphQLResponse | undefined;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 1) servedDuring = await t.gql("{ groups { totalCount } }"); // mid-upload, under the limit so far
        if (sent * chunk.length >= TEN_MB) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const refused = await postBig(stream);
    expect(refused).toEqual({ status: 413, code: "BAD_USER_INPUT" });
    expect(servedDuring?.data).toEqual({ groups: { totalCount: 1 } });
    expect((await t.gql("{ groups { totalCount } }")).data).toEqual({ groups: { totalCount: 1 } });
  });

  it("several oversized and abusive requests at once do not stop normal ones", async () => {
    const big = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(TEN_MB) } });
    const normal = Array.from({ length: 10 }, () => t.gql("{ groups { totalCount } }"));
    const abusive = [postBig(big), postBig(big), t.gql(deepQuery(50)), t.gql(COSTLY)];
    const [normals, abusives] = await Promise.all([Promise.all(normal), Promise.all(abusive)]);
    for (const result of normals) expect(result.data).toEqual({ groups: { totalCount: 1 } });
    expect(abusives.map((r) => ("code" in r && r.code !== undefined ? r.code : errorCode(r as GraphQLResponse)))).toEqual(Array(4).fill("BAD_USER_INPUT"));
  });

  it("CSRF prevention refuses a simple (text/plain) POST", async () => {
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { createGroup(input: { name: "CSRF" }) { id } }` }),
    });
    expect(response.status).toBe(400);
    expect((await t.gql(`{ groups(search: "CSRF") { totalCount } }`)).data).toEqual({ groups: { totalCount: 0 } });
  });

  it.each([
    ["an array (batching)", `[{"query":"{ __typename }"}]`],
    ["a JSON string", `"x"`],
    ["null", "null"],
    ["an empty object", "{}"],
    ["an empty body", ""],
    ["invalid JSON", `{"query":"{ __typename }"}x`],
    ["a non-string query", `{"query": 5}`],
    ["string variables", `{"query":"{ __typename }","variables":"x"}`],
    ["array variables", `{"query":"{ __typename }","variables":[1]}`],
    ["a non-string operationName", `{"query":"{ __typename }","operationName":5}`],
    ["two operations and no name", `{"query":"query A { __typename } query B { __typename }"}`],
    ["an unknown persisted query", `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`],
  ])("a malformed request envelope (%s) is BAD_USER_INPUT, not a server error", async (_label, body) => {
    const response = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    expect(response.status).toBeLessThan(500);
    const json = (await response.json()) as GraphQLResponse;
    expect(json.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("a mutation over GET is refused", async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent("mutation { rotateApiKey { apiKey } }")}`, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "1" },
    });
    expect(response.status).toBe(405);
  });

  /** POSTs `body` with no credential at all, as the playground's schema request does. */
  async function anonymous(body: string, url = t.url): Promise<{ status: number; json: GraphQLResponse }> {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: response.status, json: (await response.json()) as GraphQLResponse };
  }

  describe("introspection without a credential (the playground's schema request)", () => {
    it("answers a document of introspection fields only", async () => {
      const { status, json } = await anonymous(JSON.stringify({ query: "query IntrospectionQuery { __schema { queryType { name } } __typename }" }));
      expect(status).toBe(200);
      expect(json).toEqual({ data: { __schema: { queryType: { name: "Query" } }, __typename: "Query" } });
    });

    it.each([
      ["a field of the schema beside it", "{ __typename groups { totalCount } }", undefined],
      ["another operation of the document, not the one named", "query A { __typename } query B { groups { totalCount } }", "A"],
      ["a fragment spread at the root", "{ ...F } fragment F on Query { groups { totalCount } }", undefined],
      ["an inline fragment at the root", "{ ... on Query { groups { totalCount } } }", undefined],
      ["a mutation", "mutation { rotateApiKey { apiKey } }", undefined],
      ["a syntax error", "{ __schema {", undefined],
    ])("refuses %s with 401 UNAUTHENTICATED, as before", async (_name, query, operationName) => {
      const { status, json } = await anonymous(JSON.stringify({ query, operationName }));
      expect(status).toBe(401);
      expect(errorCode(json)).toBe("UNAUTHENTICATED");
      expect(json.data).toBeUndefined();
    });

    it("refuses a body that is not JSON with 401, not 400", async () => {
      const { status, json } = await anonymous("{ nope");
      expect([status, errorCode(json)]).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("refuses, unread, a body over 16 KB", async () => {
      const padding = " ".repeat(16 * 1024);
      const { status, json } = await anonymous(JSON.stringify({ query: `{ __typename ${padding}}` }));
      expect([status, errorCode(json)]).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("refuses a placeholder Authorization header as it is (a credential given is always checked)", async () => {
      const response = await fetch(t.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer <token>" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.status).toBe(401);
    });
  });

  describe("with introspection off", () => {
    let closed: TestServer;
    beforeAll(async () => {
      closed = await startTestServer({ limits: { maxDepth: 15, maxNodes: 100_000, introspection: false } });
    });
    afterAll(() => closed.stop());

    it.each([
      ["__schema", "{ __schema { types { name } } }"],
      ["__type", `{ __type(name: "Group") { fields { name } } }`],
    ])("refuses %s", async (_name, query) => {
      const result = await closed.gql(query);
      expect(errorCode(result)).toBe("BAD_USER_INPUT");
      expect(result.data).toBeUndefined();
    });

    it("refuses introspection without a credential with 401", async () => {
      const { status, json } = await anonymous(JSON.stringify({ query: "{ __schema { queryType { name } } }" }), closed.url);
      expect([status, errorCode(json)]).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("hides field suggestions but still answers queries", async () => {
      const typo = await closed.gql("{ grops { totalCount } }");
      expect(errorCode(typo)).toBe("BAD_USER_INPUT");
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      expect((await closed.gql("{ groups { totalCount } }")).data).toEqual({ groups: { totalCount: 0 } });
    });
  });
});

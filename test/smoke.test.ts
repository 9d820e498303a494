import { errorCode, startTestServer, TestServer } from "./helpers/server";

describe("server smoke", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("serves health and rejects an anonymous GraphQL call", async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
    const result = await t.gql("{ groups { totalCount } }", {}, { token: null });
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe("UNAUTHENTICATED");
  });

  it("creates and lists a group", async () => {
    const created = await t.ok<{ createGroup: { id: string; name: string } }>("mutation($input: CreateGroupInput!) { createGroup(input: $input) { id name } }", {
      input: { name: "Finance" },
    });
    expect(created.createGroup.name).toBe("Finance");
    const list = await t.ok<{ groups: { totalCount: number } }>("{ groups { totalCount } }");
    expect(list.groups.totalCount).toBe(1);
  });
});

/**
 * The extension's REST API (docs/design.md §14), what every route shares, generated from the
 * route table: 401 without a token, 403 without the route's scope, 400 for a body of the wrong
 * shape, 404 for an unknown id of the path; the OpenAPI document against the table and the
 * router. Each route's answer is asserted by hand in extension-api-groups/-model.test.ts.
 */
import { SCOPES } from "../src/auth/scopes";
import type { ApiRoute } from "../src/server/extension-api/api-route";
import type { JsonSchema } from "../src/server/extension-api/json-schema";
import { EXTENSION_API } from "../src/server/extension-api/table";
import { rotateApiKey } from "./helpers/authorization";
import { extensionError, rest } from "./helpers/extension-api";
import { startTestServer, TestServer } from "./helpers/server";

/** A value its schema accepts: what the generated cases send when the body is not what they test. */
function sample(schema: JsonSchema): unknown {
  if ("anyOf" in schema) return sample(schema.anyOf[0]);
  switch (schema.type) {
    case "string":
      return schema.enum?.[0] ?? "x".repeat(schema.minLength ?? 1);
    case "boolean":
      return true;
    case "integer":
      return schema.minimum ?? 1;
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items));
    case "object":
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties![key])]));
  }
}

/** The route's path with `value` for every `{param}`. */
const pathOf = (route: ApiRoute, value = "no-such-id") => route.path.replace(/\{\w+\}/g, encodeURIComponent(value));
const name = (route: ApiRoute) => `${route.method} ${route.path}`;
const scoped = EXTENSION_API.filter((route) => route.scope !== null);

describe("extension API: every route", () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it.each(scoped.map((route) => [name(route), route] as const))("%s: 401 without a token", async (_, route) => {
    const answer = await rest(t, route.method, pathOf(route), route.body ? sample(route.body) : undefined, { token: null });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: extensionError(401, "Unauthorized", expect.stringContaining("Authentication required")) });
  });

  it.each(scoped.map((route) => [name(route), route] as const))("%s: 403 without its scope", async (_, route) => {
    const token = await t.token(SCOPES.filter((scope) => scope !== route.scope));
    const answer = await rest(t, route.method, pathOf(route), route.body ? sample(route.body) : undefined, { token });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: extensionError(403, "Forbidden", `Insufficient scope: "${route.scope}" is required`) });
  });

  it.each(scoped.map((route) => [name(route), route] as const))("%s: the scope alone is enough to pass authorization", async (_, route) => {
    const token = await t.token([route.scope!]);
    const answer = await rest(t, route.method, pathOf(route), route.body ? sample(route.body) : undefined, { token });
    expect([401, 403, 500]).not.toContain(answer.status);
  });

  const withBody = scoped.filter((route) => route.body);
  it.each(withBody.map((route) => [name(route), route] as const))("%s: 400 for a body that is not JSON, or not of its shape", async (_, route) => {
    const notJson = await rest(t, route.method, pathOf(route), "{not json");
    expect({ status: notJson.status, body: notJson.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", "Invalid request payload JSON format") });
    const none = await rest(t, route.method, pathOf(route), "");
    expect({ status: none.status, body: none.body }).toEqual({
      status: 400,
      body: extensionError(400, "Bad Request", expect.stringMatching(/^"value" must be an? (array|object)$/)),
    });
    const wrong = await rest(t, route.method, pathOf(route), 42);
    expect({ status: wrong.status, body: wrong.body }).toEqual({
      status: 400,
      body: extensionError(400, "Bad Request", expect.stringMatching(/^"value" must be an? (array|object)$/)),
    });
  });

  const objectBodies = withBody.filter((route) => "type" in route.body! && route.body!.type === "object" && route.body!.additionalProperties === false);
  it.each(objectBodies.map((route) => [name(route), route] as const))("%s: 400 for a key the extension did not take", async (_, route) => {
    const answer = await rest(t, route.method, pathOf(route), { ...(sample(route.body!) as object), surprise: 1 });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"surprise" is not allowed') });
  });

  const arrayBodies = withBody.filter((route) => "type" in route.body! && route.body!.type === "array");
  it.each(arrayBodies.map((route) => [name(route), route] as const))("%s: 400 for an empty list (at least one item, as the extension's Joi schema)", async (_, route) => {
    const answer = await rest(t, route.method, pathOf(route), []);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"value" must contain at least 1 items') });
  });

  // The extension answered 500, 204 or [] for some of these (EXTENSION.md §7); Gatehouse says which record is missing.
  const withId = scoped.filter((route) => route.path.includes("{"));
  it.each(withId.map((route) => [name(route), route] as const))("%s: 404 naming an unknown record", async (_, route) => {
    const answer = await rest(t, route.method, pathOf(route), route.body ? sample(route.body) : undefined);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(
      extensionError(404, "NotFoundError", expect.stringMatching(/^The record (no-such-id|x) in (groups|roles|permissions|users|applications) does not exist\.$/)),
    );
  });

  // Where the extension answered 500 (EXTENSION.md §7), and beyond: odd ids and values are the caller's 4xx.
  const odd = ["a".repeat(300), "nul\u0000id", "\ud800", "../..", " "];
  it.each(scoped.map((route) => [name(route), route] as const))("%s: no 500 for odd ids in the path or the body", async (_, route) => {
    for (const value of odd) {
      const body = route.body ? JSON.parse(JSON.stringify(sample(route.body)).replaceAll('"x"', JSON.stringify(value))) : undefined;
      // A lone surrogate has no UTF-8: in the path it is the bytes of one (invalid URL encoding).
      const path = value === "\ud800" ? route.path.replace(/\{\w+\}/g, "%ED%A0%80") : pathOf(route, value);
      const answer = await rest(t, route.method, path, body);
      expect({ value, status: answer.status >= 200 && answer.status < 500, error: answer.body?.statusCode >= 500 }).toEqual({ value, status: true, error: false });
    }
  });

  it("an invalid token is 401; the login hook's API key and the console's session cookie hold none of these scopes", async () => {
    const bad = await rest(t, "GET", "/api/groups", undefined, { token: "not.a.jwt" });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual(extensionError(401, "Unauthorized", expect.any(String)));
    const { apiKey } = await rotateApiKey(t);
    const hook = await rest(t, "GET", "/api/groups", undefined, { token: null, headers: { "x-api-key": apiKey } });
    expect({ status: hook.status, body: hook.body }).toEqual({ status: 403, body: extensionError(403, "Forbidden", 'Insufficient scope: "read:groups" is required') });
    const cookie = await rest(t, "GET", "/api/groups", undefined, { token: null, headers: { cookie: "gatehouse_session=whatever" } });
    expect(cookie.status).toBe(401);
  });

  it("a method the path does not serve is 405 with Allow; a path the API does not have is the extension's 404", async () => {
    const wrongMethod = await rest(t, "POST", "/api/groups/some-id");
    expect({ status: wrongMethod.status, allow: wrongMethod.headers.get("allow"), error: wrongMethod.body.error }).toEqual({
      status: 405,
      allow: "GET, PUT, DELETE",
      error: "Method Not Allowed",
    });
    const platform = await rest(t, "GET", "/api/connections");
    expect({ status: platform.status, body: platform.body }).toEqual({ status: 404, body: extensionError(404, "Not Found", "No route /api/connections") });
  });

  it("a path segment that is not valid URL encoding is 400, not 500", async () => {
    const answer = await rest(t, "GET", "/api/groups/%E0%A4%A");
    expect({ status: answer.status, error: answer.body.error }).toEqual({ status: 400, error: "Bad Request" });
  });

  it("a NUL in a body is 400 naming where it is", async () => {
    const answer = await rest(t, "POST", "/api/groups", { name: "Bad\u0000name", description: "" });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", expect.stringContaining("name: must not contain NUL")) });
  });

  it("a body above the body limit is 413", async () => {
    const answer = await rest(t, "PATCH", "/api/groups/x/members", JSON.stringify(["a".repeat(1_100_000)]));
    expect({ status: answer.status, error: answer.body.error }).toEqual({ status: 413, error: "Payload Too Large" });
  });
});

describe("extension API: the OpenAPI document", () => {
  let t: TestServer;
  let document: any;

  beforeAll(async () => {
    t = await startTestServer();
    const answer = await rest(t, "GET", "/api/openapi.json", undefined, { token: null });
    expect(answer.status).toBe(200);
    document = answer.body;
  });
  afterAll(() => t.stop());

  const POLICY = "POST /api/users/{userId}/policy/{clientId}";
  const operations = (doc: any) =>
    Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));

  it("is OpenAPI 3.1, served without a token", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    // JSON Schema 2020-12, not OpenAPI 3.0's dialect: a nullable field is a type list.
    expect(JSON.stringify(document)).not.toContain('"nullable"');
    expect(document.paths["/api/groups/{id}/members"].get.responses["200"].content["application/json"].schema.properties.users.items.properties.email).toEqual({
      type: ["string", "null"],
    });
  });

  it("lists exactly the routes of the table (and the policy route), each with its scope", () => {
    expect(operations(document).sort()).toEqual([...EXTENSION_API.map(name), POLICY].sort());
    for (const route of EXTENSION_API) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect({ route: name(route), scope: operation["x-scope"], answered: Object.keys(operation.responses)[0] }).toEqual({
        route: name(route),
        scope: route.scope,
        answered: String(route.answer.status),
      });
      expect(operation.requestBody !== undefined).toBe(route.body !== undefined);
    }
  });

  it("every operation it lists is served: neither the unknown-path 404 nor 405", async () => {
    for (const operation of operations(document)) {
      const [method, path] = operation.split(" ");
      const answer = await rest(t, method, path.replace(/\{\w+\}/g, "x"), method === "GET" || method === "DELETE" ? undefined : {});
      expect({ operation, status: answer.status, message: answer.body?.message }).not.toEqual(expect.objectContaining({ status: 405 }));
      expect(answer.body?.message ?? "").not.toMatch(/^No route/);
    }
  });
});

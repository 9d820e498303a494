import type { ApiRoute } from "./api-route";
import { ok } from "./api-route";
import type { JsonSchema } from "./json-schema";

export const OPENAPI_PATH = "/api/openapi.json";

/** JSON Schema 2020-12 (OpenAPI 3.1) of a route schema: `nullable` becomes a `null` type. */
function toSchema(schema: JsonSchema): Record<string, unknown> {
  if ("anyOf" in schema) return { anyOf: schema.anyOf.map(toSchema), ...(schema.description ? { description: schema.description } : {}) };
  const { nullable, ...rest } = schema as JsonSchema & { nullable?: boolean };
  const out: Record<string, unknown> = { ...rest };
  if (nullable) out.type = [schema.type, "null"];
  if (schema.type === "array") out.items = toSchema(schema.items);
  if (schema.type === "object" && schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, toSchema(value)]));
  return out;
}

const errorBody = {
  type: "object",
  properties: { statusCode: { type: "integer" }, error: { type: "string" }, message: { type: "string" } },
  required: ["statusCode", "error", "message"],
};
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** `/api/users/{userId}/policy/{clientId}`: the login hook's route (server/routes/policy.ts), described beside the table's. */
const policyOperation = {
  operationId: "post_api_users_userId_policy_clientId",
  summary: "The extension rule's call: the user's groups, roles and permissions for the application (x-api-key, or a bearer token with read:authorization).",
  security: [{ apiKey: [] }, { bearer: [] }],
  parameters: ["userId", "clientId"].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
  requestBody: {
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: { connectionName: { type: "string", minLength: 1 }, groups: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "string" }] } },
          required: ["connectionName"],
        },
      },
    },
  },
  responses: {
    "200": {
      description: "Names",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: {
              groups: { type: "array", items: { type: "string" } },
              roles: { type: "array", items: { type: "string" } },
              permissions: { type: "array", items: { type: "string" } },
              validUntil: {
                type: ["string", "null"],
                format: "date-time",
                description: "The earliest instant ahead at which one of the user's time-bound grants starts or ends (the answer may change then); null when none.",
              },
            },
            required: ["groups", "roles", "permissions", "validUntil"],
          },
        },
      },
    },
    "400": errorResponse("Invalid body"),
    "401": errorResponse("Invalid API Key"),
  },
};

/** The OpenAPI 3.1 document of the extension's API, generated from the route table. */
export function openApiDocument(routes: readonly ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
    const queryParameters = Object.entries(route.query ?? {}).map(([name, schema]) => ({ name, in: "query", required: false, schema: toSchema(schema) }));
    const responses: Record<string, unknown> = {
      [String(route.answer.status)]: route.answer.schema
        ? { description: route.answer.description, content: { "application/json": { schema: toSchema(route.answer.schema) } } }
        : { description: route.answer.description },
    };
    if (route.body || route.query || route.scope) responses["400"] = errorResponse("The request or the change is refused; `message` says why");
    if (route.scope) {
      responses["401"] = errorResponse("No valid bearer token");
      responses["403"] = errorResponse(`The token lacks ${route.scope}`);
    }
    if (route.path.includes("{")) responses["404"] = errorResponse("An id of the path or the body does not exist");
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/[^\w]+/g, "_")}`,
      summary: route.summary,
      security: route.scope ? [{ bearer: [route.scope] }] : [],
      "x-scope": route.scope,
      parameters: [...pathParameters, ...queryParameters],
      responses,
    };
    if (route.body) operation.requestBody = { required: true, content: { "application/json": { schema: toSchema(route.body) } } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  paths["/api/users/{userId}/policy/{clientId}"] = { post: policyOperation };
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse: the Auth0 Authorization Extension's API",
      version: "2",
      description:
        "The extension's REST API, kept (docs/design.md §14): same paths, methods, bodies, answers and scopes. Bearer JWTs as on /graphql; errors are {statusCode, error, message}.",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      },
      schemas: { Error: errorBody },
    },
    paths,
  };
}

/** `GET /api/openapi.json`, served without authentication: it describes the API, it holds no data. */
export function openApiRoute(routes: () => readonly ApiRoute[]): ApiRoute {
  let document: Record<string, unknown> | undefined;
  return {
    method: "GET",
    path: OPENAPI_PATH,
    scope: null,
    summary: "This document (no authentication).",
    answer: { status: 200, description: "OpenAPI 3.1", schema: { type: "object" } },
    async handle() {
      return ok((document ??= openApiDocument(routes())));
    },
  };
}

import { validate } from "class-validator";
import type { Scope } from "../../auth/scopes";
import { BadUserInputError, ConflictError } from "../../common/errors";
import type { RequestContext } from "../../context/request-context";
import type { App } from "../app";
import { describeValidation } from "../format-error";
import type { Services } from "../schema";
import type { JsonSchema } from "./json-schema";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler of the extension's API gets: the request context (actor = the token's subject), the services, the checked input. */
export interface ApiCall {
  ctx: RequestContext;
  app: App;
  services: Services;
  /** The path's `{name}` segments, decoded. */
  params: Record<string, string>;
  /** The declared query parameters, converted and checked. */
  query: Record<string, unknown>;
  /** The body, checked against the route's `body` schema (undefined for routes without one). */
  body: unknown;
}

export interface ApiAnswer {
  status: 200 | 204;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One route of the extension's REST API (docs/design.md §14): everything the router, the
 * OpenAPI document and the tests need to know about it, in one entry of the table (table.ts).
 */
export interface ApiRoute {
  method: Method;
  /** OpenAPI style: `/api/groups/{id}/members`. */
  path: string;
  /** The scope the extension's code checked for this route; null: no authentication (the OpenAPI document). */
  scope: Scope | null;
  summary: string;
  query?: Record<string, JsonSchema>;
  body?: JsonSchema;
  answer: { status: 200 | 204; schema?: JsonSchema; description: string };
  handle(call: ApiCall): Promise<ApiAnswer>;
}

/** A 400 the extension labelled `ValidationError` (its Database's refusals), not `Bad Request` (its Joi schemas). */
export class ExtensionValidationError extends BadUserInputError {}

export const ok = (body: unknown, headers?: Record<string, string>): ApiAnswer => ({ status: 200, body, headers });
export const noContent = (): ApiAnswer => ({ status: 204 });

/** The write that follows is audited under the GraphQL mutation that does the same, with the same arguments. */
export function audited(ctx: RequestContext, operation: string, args: Record<string, unknown>): RequestContext {
  ctx.audit = { operation, args };
  return ctx;
}

/**
 * `plain` as an instance of a GraphQL input class, held to that class's class-validator rules
 * (lengths, blank names, id lists), so that both APIs refuse the same values with the same words.
 */
export async function validInput<T extends object>(type: new () => T, plain: Partial<T>): Promise<T> {
  const input = Object.assign(new type(), plain);
  const errors = await validate(input, { skipMissingProperties: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = describeValidation(errors);
    throw new BadUserInputError(`Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`, { fields: problems });
  }
  return input;
}

/**
 * Runs a delete and words the service's "still referenced" CONFLICT as the extension did:
 * `Unable to touch roles while used in groups: Accounting, Sales` (the names of `blockedBy`).
 */
export async function unlessUsed<T>(work: () => Promise<T>, touched: string, usedIn: string, nameOf: (ids: string[]) => Promise<string[]>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const blockedBy = error instanceof ConflictError ? (error.extensions as { blockedBy?: unknown }).blockedBy : undefined;
    if (!Array.isArray(blockedBy)) throw error;
    throw new ExtensionValidationError(`Unable to touch ${touched} while used in ${usedIn}: ${(await nameOf(blockedBy as string[])).join(", ")}`);
  }
}

/**
 * A PATCH or DELETE whose body is a list of ids, answered 204: the path's id and the list are held
 * to the argument class of the GraphQL mutation that does the same (`owner` and `list` name its
 * fields), and the change is audited under that mutation with those arguments.
 */
export interface IdListChange<A extends object> {
  method: "PATCH" | "DELETE";
  path: string;
  scope: Scope;
  summary: string;
  body: JsonSchema;
  done: string;
  args: new () => A;
  owner: keyof A & string;
  list: keyof A & string;
  operation: string;
  change(call: ApiCall, ctx: RequestContext, args: A): Promise<unknown>;
}

type ChangeSide<A extends object> = Pick<IdListChange<A>, "summary" | "done" | "operation" | "change">;

/** The PATCH (adds) and DELETE (removes) of one id-list path, in that order. */
export function idListChanges<A extends object>(common: Omit<IdListChange<A>, keyof ChangeSide<A> | "method">, add: ChangeSide<A>, remove: ChangeSide<A>): ApiRoute[] {
  return [idListChange({ method: "PATCH", ...common, ...add }), idListChange({ method: "DELETE", ...common, ...remove })];
}

export function idListChange<A extends object>(spec: IdListChange<A>): ApiRoute {
  return {
    method: spec.method,
    path: spec.path,
    scope: spec.scope,
    summary: spec.summary,
    body: spec.body,
    answer: { status: 204, description: spec.done },
    async handle(call) {
      const args = await validInput(spec.args, { [spec.owner]: call.params.id, [spec.list]: call.body as string[] } as Partial<A>);
      await spec.change(call, audited(call.ctx, spec.operation, { ...args } as Record<string, unknown>), args);
      return noContent();
    },
  };
}

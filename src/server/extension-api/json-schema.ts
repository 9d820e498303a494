import { BadUserInputError } from "../../common/errors";

/**
 * The small part of JSON Schema the extension's API needs, written once per route in the table:
 * the OpenAPI document prints it and `checkValue` holds bodies and query strings to it (the
 * shape the extension's Joi schemas checked; what a value means is the services' business).
 */
export type JsonSchema =
  | { type: "string"; description?: string; minLength?: number; maxLength?: number; enum?: readonly string[]; nullable?: boolean }
  | { type: "boolean"; description?: string }
  | { type: "integer"; description?: string; minimum?: number; maximum?: number; default?: number }
  | { type: "array"; description?: string; items: JsonSchema; minItems?: number; maxItems?: number }
  | { type: "object"; description?: string; properties?: Record<string, JsonSchema>; required?: readonly string[]; additionalProperties?: boolean }
  | { anyOf: readonly JsonSchema[]; description?: string };

const label = (path: string) => `"${path || "value"}"`;

/** The first way `value` breaks `schema`, worded like Joi (`"name" is required`), or null. */
export function problemOf(value: unknown, schema: JsonSchema, path = ""): string | null {
  if ("anyOf" in schema) {
    return schema.anyOf.some((option) => problemOf(value, option, path) === null) ? null : `${label(path)} ${schema.description ?? "has an unexpected type"}`;
  }
  switch (schema.type) {
    case "string":
      if (value === null && schema.nullable) return null;
      if (typeof value !== "string") return `${label(path)} must be a string`;
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return schema.minLength === 1 ? `${label(path)} is not allowed to be empty` : `${label(path)} length must be at least ${schema.minLength} characters long`;
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return `${label(path)} length must be less than or equal to ${schema.maxLength} characters long`;
      if (schema.enum && !schema.enum.includes(value)) return `${label(path)} must be one of [${schema.enum.join(", ")}]`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : `${label(path)} must be a boolean`;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return `${label(path)} must be an integer`;
      if (schema.minimum !== undefined && value < schema.minimum) return `${label(path)} must be greater than or equal to ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `${label(path)} must be less than or equal to ${schema.maximum}`;
      return null;
    case "array":
      if (!Array.isArray(value)) return `${label(path)} must be an array`;
      if (schema.minItems !== undefined && value.length < schema.minItems) return `${label(path)} must contain at least ${schema.minItems} items`;
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${label(path)} must contain less than or equal to ${schema.maxItems} items`;
      for (let i = 0; i < value.length; i++) {
        const problem = problemOf(value[i], schema.items, path ? `${path}[${i}]` : `[${i}]`);
        if (problem) return problem;
      }
      return null;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return `${label(path)} must be an object`;
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      for (const key of schema.required ?? []) if (record[key] === undefined) return `${label(path ? `${path}.${key}` : key)} is required`;
      for (const [key, item] of Object.entries(record)) {
        const child = path ? `${path}.${key}` : key;
        const itemSchema = properties[key];
        if (!itemSchema) {
          if (schema.additionalProperties === false) return `${label(child)} is not allowed`;
          continue;
        }
        if (item === undefined) continue;
        const problem = problemOf(item, itemSchema, child);
        if (problem) return problem;
      }
      return null;
    }
  }
}

/** `value` as `T`, or BAD_USER_INPUT with the first problem. */
export function checkValue<T>(value: unknown, schema: JsonSchema): T {
  const problem = problemOf(value, schema);
  if (problem) throw new BadUserInputError(problem);
  return value as T;
}

/**
 * The query string as the route's declared parameters (integers and booleans converted, as
 * Joi converted them); undeclared parameters are ignored.
 */
export function parseQuery(search: URLSearchParams, parameters: Record<string, JsonSchema>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(parameters)) {
    const raw = search.get(name);
    if (raw === null) continue;
    let value: unknown = raw;
    if ("type" in schema && schema.type === "integer") value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if ("type" in schema && schema.type === "boolean") value = raw === "true" ? true : raw === "false" ? false : raw;
    const problem = problemOf(value, schema, name);
    if (problem) throw new BadUserInputError(problem);
    out[name] = value;
  }
  return out;
}

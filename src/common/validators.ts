import { applyDecorators } from "./decorators";
import { LIMITS } from "./limits";
import { ArrayMaxSize, IsDefined, MaxLength, MinLength, registerDecorator, ValidateIf, ValidationOptions } from "class-validator";

/**
 * An absolute http(s) URL, as claim namespaces must be for OIDC-conformant tokens. `new URL`
 * also accepts "https:example.com" and trims surrounding spaces, which would then end up in
 * every claim name: the scheme's "//" is required and no whitespace at all is allowed.
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host.length > 0;
  } catch {
    return false;
  }
}

/** Rejects strings made only of whitespace (a name must have something visible). */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: "isNotBlank",
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must not be blank`, ...options },
      validator: {
        validate: (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim().length > 0),
      },
    });
  };
}

/**
 * For update inputs: the field may be omitted (keeps the stored value) but not null, which the
 * field cannot hold (a name or type cannot be cleared). Unlike `@IsOptional()`, null is validated
 * and refused as BAD_USER_INPUT instead of reaching the service.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  // IsDefined is the one rule class-validator still applies to null under type-graphql's
  // skipMissingProperties; ValidateIf keeps an omitted (undefined) field optional.
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: ({ property }) => `${property} cannot be null: omit it to keep the current value` }),
  );
}

/** A list of ids as mutations take it: at most LIMITS.idsPerCall, each 1–LIMITS.id characters, not blank. */
export function IdList(): PropertyDecorator {
  return applyDecorators(
    ArrayMaxSize(LIMITS.idsPerCall),
    MinLength(1, { each: true, message: "each id must not be empty" }),
    // A blank user id would otherwise become a stub user that upsertUsers itself refuses.
    IsNotBlank({ each: true, message: ({ property }) => `each id of ${property} must not be blank` }),
    MaxLength(LIMITS.id, { each: true, message: `each id must be at most ${LIMITS.id} characters` }),
  );
}

/**
 * Text Gatehouse stores is valid Unicode (docs/design.md §5): NUL (U+0000) is refused because
 * PostgreSQL's text cannot hold it, and a model SQLite kept with one could not move to
 * PostgreSQL; a lone UTF-16 surrogate because no database stores it as sent (SQLite read
 * `Ops\ud800` and `Ops\udbff` back as the same name, past the unique-name check).
 */
export const NUL_MESSAGE = "must not contain NUL (\\u0000) characters";
export const SURROGATE_MESSAGE = "must be valid Unicode: a lone UTF-16 surrogate (\\ud800–\\udfff without its pair) cannot be stored";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be stored as text (NUL_MESSAGE or SURROGATE_MESSAGE); null when it can, or is no string. */
export function textProblem(value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (value.includes("\u0000")) return NUL_MESSAGE;
  return LONE_SURROGATE.test(value) ? SURROGATE_MESSAGE : null;
}

/** The first string in `value` that cannot be stored: its path (`input.name`, `users[2].id`) and why; null when none. */
export function textProblemIn(value: unknown, path: string, depth = 0): { path: string; message: string } | null {
  if (typeof value === "string") {
    const message = textProblem(value);
    return message ? { path, message } : null;
  }
  // Typed mutation arguments are a few levels deep; JSON arguments are checked by their own readers.
  if (depth > 32) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = textProblemIn(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = textProblemIn(item, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

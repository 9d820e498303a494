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
 * NUL (U+0000) is refused in everything Gatehouse stores, on every database: PostgreSQL's text
 * cannot hold it, and a model that SQLite kept with one could not be exported to PostgreSQL.
 */
export const NUL_MESSAGE = "must not contain NUL (\\u0000) characters";

/** Whether `value` is a string holding NUL. */
export function hasNul(value: unknown): boolean {
  return typeof value === "string" && value.includes("\u0000");
}

/** The path (`input.name`, `users[2].id`) of the first string in `value` holding NUL; null when none does. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return hasNul(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

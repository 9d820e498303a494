import { applyDecorators } from "./decorators";
import { ArrayMaxSize, MaxLength, MinLength, registerDecorator, ValidationOptions } from "class-validator";

/** Most ids a single add/remove call takes; larger changes go through import. */
export const MAX_IDS_PER_CALL = 1000;

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

/** A list of ids as mutations take it: at most MAX_IDS_PER_CALL, each 1–255 characters. */
export function IdList(): PropertyDecorator {
  return applyDecorators(
    ArrayMaxSize(MAX_IDS_PER_CALL),
    MinLength(1, { each: true, message: "each id must not be empty" }),
    MaxLength(255, { each: true, message: "each id must be at most 255 characters" }),
  );
}

import { defaultFieldResolver, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from "graphql";
import { ForbiddenError } from "../common/errors";
import type { RequestContext } from "../context/request-context";

/**
 * The read scope each kind of object needs wherever it is reached — a root query, a nested
 * field, a mutation's result (docs/design.md §5). `open` fields need none: a user's id is
 * visible wherever it appears (memberships, role holders).
 */
export const READ_SCOPES: Readonly<Record<string, { scope: string; open?: ReadonlySet<string> }>> = {
  User: { scope: "read:users", open: new Set(["id"]) },
  Group: { scope: "read:groups" },
  Role: { scope: "read:roles" },
  Permission: { scope: "read:permissions" },
  Application: { scope: "read:applications" },
  Organization: { scope: "read:organizations" },
};

/** Whether the field belongs to the object a root mutation returned (one object, or an item of its list). */
function onMutationResult(info: GraphQLResolveInfo): boolean {
  if (info.operation.operation !== "mutation") return false;
  const parent = info.path.prev;
  if (!parent) return false;
  if (!parent.prev) return true;
  return typeof parent.key === "number" && !parent.prev.prev;
}

/**
 * Wraps the resolver of every field of the object types in READ_SCOPES (one mechanism, not a
 * check per resolver): without the type's read scope the field is a FORBIDDEN field error naming
 * the scope and the field, and the rest of the answer is returned. The object a mutation returns
 * is readable with the mutation's own scope (checked at the root); objects reached from it are
 * not. Objects of other types (the login answer, connections, audit entries) are unaffected.
 */
export function scopeObjectFields(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, { scope, open }] of Object.entries(READ_SCOPES)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`field scopes: no object type ${typeName} in the schema`);
    for (const field of Object.values(type.getFields())) {
      if (open?.has(field.name)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: RequestContext, info) => {
        if (!context.actor.scopes.has(scope) && !onMutationResult(info)) {
          throw new ForbiddenError(`Missing scope "${scope}" to read ${typeName}.${field.name}`, { scopes: [scope] });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

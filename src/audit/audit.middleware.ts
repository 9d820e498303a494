import { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { RequestContext } from "../common/context";

/**
 * Wraps every root Mutation field so that the write it performs (Database.write) records an
 * audit entry under the mutation's name. Mutation fields run one after another, so one slot on
 * the context is enough. Only root mutation fields are wrapped: queries and nested fields pay
 * nothing (a type-graphql global middleware would wrap every field of every response).
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve as GraphQLFieldResolver<unknown, RequestContext> | undefined;
    if (!resolve) continue;
    field.resolve = (root, args, context, info) => {
      context.audit = { operation: info.fieldName, args: { ...args } };
      return resolve(root, args, context, info);
    };
  }
  return schema;
}

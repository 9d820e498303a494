import { GraphQLArgument, GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { BaseRequestContext } from "./context";

type Resolver = GraphQLFieldResolver<unknown, BaseRequestContext>;

/**
 * Replaces the resolver of every root Mutation field by `wrap(resolve, args)`: only root
 * mutation fields, so queries and nested fields pay nothing (a type-graphql global middleware
 * would wrap every field of every response). `args` are the field's argument definitions.
 */
export function wrapMutations(schema: GraphQLSchema, wrap: (resolve: Resolver, args: readonly GraphQLArgument[]) => Resolver): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve as Resolver | undefined;
    if (resolve) field.resolve = wrap(resolve, field.args);
  }
  return schema;
}

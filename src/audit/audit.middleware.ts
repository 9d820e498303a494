import { GraphQLSchema } from "graphql";
import { wrapMutations } from "../common/mutations";

/**
 * Wraps every root Mutation field so that the write it performs (Database.write) records an
 * audit entry under the mutation's name. Mutation fields run one after another, so one slot on
 * the context is enough.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  return wrapMutations(schema, (resolve) => (root, args, context, info) => {
    context.audit = { operation: info.fieldName, args: { ...args } };
    return resolve(root, args, context, info);
  });
}

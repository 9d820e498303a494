import { MiddlewareFn } from "type-graphql";
import type { RequestContext } from "../common/context";

/**
 * Names the mutation being executed on the request context, so that the write it performs
 * (Database.write) records an audit entry for it. Mutation fields run one after another, so
 * one slot on the context is enough.
 */
export const auditMutations: MiddlewareFn<RequestContext> = async ({ context, info, args }, next) => {
  if (info.parentType.name === "Mutation" && info.path.prev === undefined) {
    context.audit = { operation: info.fieldName, args: { ...args } };
  }
  return next();
};

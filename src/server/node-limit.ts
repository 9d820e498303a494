import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import {
  FragmentDefinitionNode,
  getNamedType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  isUnionType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  GraphQLCompositeType,
  GraphQLOutputType,
  ValueNode,
  DocumentNode,
} from "graphql";
import { BadUserInputError } from "../common/errors";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../common/pagination";
import { LIST_ESTIMATES } from "./list-estimates";

/** The size assumed for a plain list field that declares no estimate in LIST_ESTIMATES. */
export const DEFAULT_LIST_ESTIMATE = 20;

type Variables = Record<string, unknown> | undefined;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The page size a `first` argument asks for, clamped to what the resolvers accept (larger values are refused there). */
function pageOf(value: ValueNode | undefined, operation: OperationDefinitionNode, variables: Variables): number {
  let given: unknown = undefined;
  if (value?.kind === Kind.INT) given = Number(value.value);
  else if (value?.kind === Kind.VARIABLE) {
    const name = value.name.value;
    given = variables?.[name];
    if (given === undefined) {
      const declared = operation.variableDefinitions?.find((definition) => definition.variable.name.value === name)?.defaultValue;
      if (declared?.kind === Kind.INT) given = Number(declared.value);
    }
  }
  if (typeof given !== "number" || !Number.isFinite(given)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(given), 1), MAX_PAGE_SIZE);
}

/**
 * How many objects (nodes) the answer to `operation` may hold, GitHub-style (docs/design.md §5):
 * a connection (a field with a `first` argument) multiplies the nodes of its page by `first`
 * (default DEFAULT_PAGE_SIZE), a plain list multiplies by its estimate, an object counts one.
 * Scalars and introspection (bounded by the schema, not the data) count nothing. Fragments are
 * counted once per page size (memoised), so spreading one fragment many times costs no more work.
 */
export function countNodes(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const memo = new Map<string, number>();
  // Validation has refused fragment cycles already; this guards the walk anyway.
  const visiting = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, page: number | undefined): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += walk(selection.selectionSet, type, page);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type) || visiting.has(name)) continue;
        const key = `${name}:${page ?? ""}`;
        let count = memo.get(key);
        if (count === undefined) {
          visiting.add(name);
          count = walk(fragment.selectionSet, type, page);
          visiting.delete(name);
          memo.set(key, count);
        }
        total += count;
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith("__") || !selection.selectionSet || isUnionType(parent)) continue;
      const field = parent.getFields()[name];
      if (!field) continue;
      const type = getNamedType(field.type);
      if (!isCompositeType(type)) continue;
      const first = field.args.find((argument) => argument.name === "first");
      if (first) {
        // A connection: one object, whose page lists hold `first` nodes each.
        const size = pageOf(selection.arguments?.find((argument) => argument.name.value === "first")?.value, operation, variables);
        total += 1 + walk(selection.selectionSet, type, size);
        continue;
      }
      const times = isList(field.type) ? (page ?? LIST_ESTIMATES[`${parent.name}.${name}`] ?? DEFAULT_LIST_ESTIMATE) : 1;
      total += times * (1 + walk(selection.selectionSet, type, undefined));
    }
    return total;
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  return root ? walk(operation.selectionSet, root, undefined) : 0;
}

/**
 * Refuses, before anything runs, an operation whose answer may hold more than `maxNodes` nodes
 * (GRAPHQL_MAX_NODES): HTTP 400, BAD_USER_INPUT naming the count and the limit. A plugin rather
 * than a validation rule because the count needs the request's variables (`first: $n`), and
 * Apollo skips validation for a document it has cached.
 */
export function nodeLimitPlugin(maxNodes: number): ApolloServerPlugin {
  const listener: GraphQLRequestListener<never> = {
    // Not async on purpose: the refusal is thrown while Apollo is still calling the listeners'
    // hooks in order, so the login read of the plugins after this one never starts.
    didResolveOperation({ schema, document, operation, request }) {
      if (operation) {
        const nodes = countNodes(schema, document, operation, request.variables);
        if (nodes > maxNodes) {
          throw new BadUserInputError(`Query node limit of ${maxNodes} exceeded: the answer may hold ${nodes} nodes (GRAPHQL_MAX_NODES); ask for smaller pages`, {
            nodes,
            maxNodes,
            http: { status: 400 },
          });
        }
      }
      return Promise.resolve();
    },
  };
  return { requestDidStart: async () => listener };
}

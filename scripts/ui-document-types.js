/**
 * Part of `npm run ui:check` (scripts/check-ui-documents.js): the TypeScript types the console
 * declares for a document — `gql<Result, Variables>`…`` — are held against what schema.graphql
 * says that document answers and takes (docs/design.md §11, "Typed documents"). The types are
 * written by hand next to the document, and this check makes them the schema's:
 *
 * - Result: every selected field (by its alias) is a property; no property is declared that the
 *   document does not select; a nullable field's type admits null and a non-null one's does not;
 *   a list is an array; a leaf has its scalar's TypeScript type (ID, String, DateTimeISO → string;
 *   Int, Float → number; Boolean → boolean; an enum → string or a union of its values; JSON →
 *   anything); an object recurses into its selection.
 * - Variables: exactly the operation's variables; a required one is neither optional nor admits
 *   null; input objects recurse into their fields the same way.
 *
 * The declared types are read through the TypeScript checker (aliases, interfaces and generics
 * such as Connection<T> resolved), so a type shared by several documents is held against each.
 */
const ts = require("typescript");
const { Kind, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isInterfaceType, isUnionType, isScalarType, typeFromAST } = require("graphql");

const SCALARS = { ID: "string", String: "string", DateTimeISO: "string", Int: "number", Float: "number", Boolean: "boolean" };
const ANY_SCALARS = new Set(["JSON", "JSONObject"]);

/** Checks one document's declared types; returns problems as strings (empty when they match). */
function checkDocumentTypes({ checker, schema, document, resultNode, variablesNode }) {
  const problems = [];
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) return problems;
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = op.operation === "mutation" ? schema.getMutationType() : op.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  if (!resultNode || !variablesNode) {
    problems.push("declare the result and variables types: gql<Result, Variables>`…` (use Record<string, never> for no variables)");
    return problems;
  }
  checkSelection(checker.getTypeFromTypeNode(resultNode), root, op.selectionSet, "result");
  checkVariables(checker.getTypeFromTypeNode(variablesNode), op.variableDefinitions ?? []);
  return problems;

  function fieldsOf(parent, selectionSet, out = new Map()) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = out.get(key) ?? [];
        list.push(selection);
        out.set(key, list);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const on = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        if (on !== parent) problems.push(`fragments on another type (${on}) inside ${parent} are not supported by the type check`);
        fieldsOf(parent, fragment.selectionSet, out);
      }
    }
    return out;
  }

  function checkSelection(tsType, parent, selectionSet, at) {
    const selected = fieldsOf(parent, selectionSet);
    const props = new Map(checker.getPropertiesOfType(tsType).map((p) => [p.getName(), p]));
    for (const [key, nodes] of selected) {
      const node = nodes[0];
      if (node.name.value === "__typename") {
        if (!props.has(key)) continue; // __typename is read by urql's cache, not necessarily declared
        continue;
      }
      const prop = props.get(key);
      if (!prop) {
        problems.push(`${at}.${key}: selected but not declared in the result type`);
        continue;
      }
      const field = parent.getFields()[node.name.value];
      if (!field) continue; // validate() reports unknown fields
      const mergedSelection = nodes.some((n) => n.selectionSet) ? { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) } : undefined;
      const conditional = nodes.every((n) => (n.directives ?? []).some((d) => d.name.value === "include" || d.name.value === "skip"));
      const { absent, rest } = splitNull(typeOfProperty(prop), isOptional(prop));
      if (conditional && !absent) problems.push(`${at}.${key}: selected under @include/@skip, so it may be absent: declare it optional`);
      if (!conditional && absent) problems.push(`${at}.${key}: always present in the answer (null when empty), but declared optional or undefined`);
      checkOutput(typeOfProperty(prop), field.type, mergedSelection, `${at}.${key}`, rest);
    }
    for (const key of props.keys()) if (!selected.has(key)) problems.push(`${at}.${key}: declared in the result type but not selected by the document`);
  }

  function checkOutput(tsType, gqlType, selectionSet, at) {
    const { nullable, rest } = splitNull(tsType, false);
    if (isNonNullType(gqlType)) {
      if (nullable) problems.push(`${at}: the schema says ${gqlType} (never null), the declared type admits null`);
      gqlType = gqlType.ofType;
    } else if (!nullable) {
      problems.push(`${at}: the schema says ${gqlType} (may be null), the declared type does not admit null`);
    }
    if (rest.length === 0) return;
    const value = rest.length === 1 ? rest[0] : null;
    if (isListType(gqlType)) {
      const element = value && arrayElement(value);
      if (!element) return void problems.push(`${at}: the schema says a list (${gqlType}), the declared type is ${show(tsType)}`);
      return checkOutput(element, gqlType.ofType, selectionSet, `${at}[]`);
    }
    if (isObjectType(gqlType) || isInterfaceType(gqlType) || isUnionType(gqlType)) {
      if (!value || !isObjectLike(value)) return void problems.push(`${at}: the schema says an object (${gqlType}), the declared type is ${show(tsType)}`);
      if (isUnionType(gqlType)) return; // unions need fragments per member: not used by the console
      return checkSelection(value, gqlType, selectionSet, at);
    }
    checkLeaf(rest, gqlType, at, tsType);
  }

  function checkLeaf(parts, gqlType, at, whole) {
    if (isScalarType(gqlType) && ANY_SCALARS.has(gqlType.name)) return;
    if (isEnumType(gqlType)) {
      const values = new Set(gqlType.getValues().map((v) => v.name));
      for (const part of parts) {
        if (part.flags & ts.TypeFlags.String) continue;
        if (part.isStringLiteral() && values.has(part.value)) continue;
        problems.push(`${at}: the schema says enum ${gqlType} (${[...values].join(", ")}), the declared type is ${show(whole)}`);
        return;
      }
      return;
    }
    const expected = SCALARS[gqlType.name];
    if (!expected) return void problems.push(`${at}: scalar ${gqlType} has no TypeScript type in scripts/ui-document-types.js`);
    const flag = { string: ts.TypeFlags.StringLike, number: ts.TypeFlags.NumberLike, boolean: ts.TypeFlags.BooleanLike }[expected];
    if (!parts.every((part) => part.flags & flag)) problems.push(`${at}: the schema says ${gqlType} (${expected}), the declared type is ${show(whole)}`);
  }

  function checkVariables(tsType, definitions) {
    const props = new Map(checker.getPropertiesOfType(tsType).map((p) => [p.getName(), p]));
    const names = new Set();
    for (const definition of definitions) {
      const name = definition.variable.name.value;
      names.add(name);
      const gqlType = typeFromAST(schema, definition.type);
      const prop = props.get(name);
      if (!prop) {
        if (isNonNullType(gqlType) && !definition.defaultValue) problems.push(`variables.${name}: required by the document (${gqlType}) but not declared`);
        continue;
      }
      checkInput(typeOfProperty(prop), gqlType, `variables.${name}`, isOptional(prop), Boolean(definition.defaultValue));
    }
    for (const key of props.keys()) if (!names.has(key)) problems.push(`variables.${key}: declared but the document has no $${key}`);
  }

  function checkInput(tsType, gqlType, at, optional, hasDefault) {
    const split = splitNull(tsType, optional);
    const [nullable, rest] = [split.nullable || split.absent, split.rest];
    if (isNonNullType(gqlType)) {
      if (nullable && !hasDefault) problems.push(`${at}: the schema requires ${gqlType}, the declared type admits null or absence`);
      gqlType = gqlType.ofType;
    }
    if (rest.length === 0) return;
    const value = rest.length === 1 ? rest[0] : null;
    if (isListType(gqlType)) {
      const element = value && arrayElement(value);
      if (!element) return void problems.push(`${at}: the schema says a list (${gqlType}), the declared type is ${show(tsType)}`);
      return checkInput(element, gqlType.ofType, `${at}[]`, false, false);
    }
    if (isInputObjectType(gqlType)) {
      if (!value || !isObjectLike(value)) return void problems.push(`${at}: the schema says input ${gqlType}, the declared type is ${show(tsType)}`);
      const fields = gqlType.getFields();
      const props = new Map(checker.getPropertiesOfType(value).map((p) => [p.getName(), p]));
      for (const [name, field] of Object.entries(fields)) {
        const prop = props.get(name);
        if (!prop) {
          if (isNonNullType(field.type) && field.defaultValue === undefined) problems.push(`${at}.${name}: required by ${gqlType} but not declared`);
          continue;
        }
        checkInput(typeOfProperty(prop), field.type, `${at}.${name}`, isOptional(prop), field.defaultValue !== undefined);
      }
      for (const key of props.keys()) if (!fields[key]) problems.push(`${at}.${key}: declared but ${gqlType} has no field ${key}`);
      return;
    }
    checkLeaf(rest, getNamedType(gqlType), at, tsType);
  }

  /** An object type, or an intersection of them (`Partial<A> & { b?: string }`). */
  function isObjectLike(tsType) {
    return (tsType.flags & ts.TypeFlags.Object) !== 0 || (tsType.isIntersection() && tsType.types.every(isObjectLike));
  }

  function typeOfProperty(prop) {
    return checker.getTypeOfSymbol(prop);
  }

  function isOptional(prop) {
    return (prop.flags & ts.SymbolFlags.Optional) !== 0;
  }

  /**
   * The declared type without null and undefined: `nullable` when it admits null (for inputs, also
   * absence), `absent` when it admits undefined or the property is optional.
   */
  function splitNull(tsType, optional) {
    const parts = tsType.isUnion() ? tsType.types : [tsType];
    const isNull = (t) => t.flags & ts.TypeFlags.Null;
    const isUndefined = (t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void);
    const rest = parts.filter((t) => !isNull(t) && !isUndefined(t));
    const absent = optional || parts.some(isUndefined);
    return { nullable: parts.some(isNull), absent, rest };
  }

  function arrayElement(tsType) {
    if (checker.isArrayType(tsType) || checker.isTupleType?.(tsType)) return checker.getTypeArguments(tsType)[0];
    return null;
  }

  function show(tsType) {
    return checker.typeToString(tsType);
  }
}

module.exports = { checkDocumentTypes };

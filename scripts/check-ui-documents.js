#!/usr/bin/env node
/**
 * `npm run ui:check`: every GraphQL document of the admin console (a gql`…` tagged template in
 * ui/src/**\/*.ts(x)) is parsed and validated against schema.graphql with graphql-js `validate`.
 * Fails (exit 1) on any error, on a document with `${…}` interpolations (it could not be checked
 * as written), on gql called as a function, on a document that is not exactly one named operation,
 * and on two operations sharing a name. Read with the TypeScript parser, so comments and strings
 * that merely look like documents are not mistaken for them.
 */
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const ts = require("typescript");
const { buildSchema, parse, validate, Kind } = require("graphql");

const root = path.join(__dirname, "..");
const uiSource = path.join(root, "ui", "src");
const schema = buildSchema(readFileSync(path.join(root, "schema.graphql"), "utf8"));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const problems = [];
const operations = new Map();
let checked = 0;

for (const file of sourceFiles(uiSource)) {
  const text = readFileSync(file, "utf8");
  if (!text.includes("gql")) continue;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const where = (node) => `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isGql = (expression) => ts.isIdentifier(expression) && expression.text === "gql";

  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && isGql(node.tag)) {
      if (!ts.isNoSubstitutionTemplateLiteral(node.template)) {
        problems.push(`${where(node)}: a document with \${…} interpolations cannot be validated as written; write it out in full`);
      } else {
        checkDocument(node.template.text, where(node));
      }
    } else if (ts.isCallExpression(node) && isGql(node.expression)) {
      problems.push(`${where(node)}: gql(…) called as a function; use the gql\`…\` tag so the document is checked`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

function checkDocument(body, at) {
  checked += 1;
  let document;
  try {
    document = parse(body);
  } catch (error) {
    problems.push(`${at}: ${error.message}`);
    return;
  }
  for (const error of validate(schema, document)) {
    const line = error.locations?.[0] ? ` (document line ${error.locations[0].line})` : "";
    problems.push(`${at}: ${error.message}${line}`);
  }
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) problems.push(`${at}: a document holds exactly one operation (found ${ops.length})`);
  for (const op of ops) {
    if (!op.name) {
      problems.push(`${at}: the operation has no name (names make the server's logs and the tests readable)`);
      continue;
    }
    const seen = operations.get(op.name.value);
    if (seen) problems.push(`${at}: operation name ${op.name.value} is already used at ${seen}`);
    else operations.set(op.name.value, at);
  }
}

if (checked === 0) problems.push("no gql`…` documents found under ui/src: is the search broken?");
if (problems.length > 0) {
  process.stderr.write(`ui:check: ${problems.length} problem(s) in the console's GraphQL documents:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`ui:check: ${checked} documents (${operations.size} operations) valid against schema.graphql\n`);

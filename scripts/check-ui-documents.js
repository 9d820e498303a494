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
const { checkDocumentTypes } = require("./ui-document-types");

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

// One program over the console's sources, so the declared types of each document can be resolved.
const configFile = path.join(root, "ui", "tsconfig.json");
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, path.dirname(configFile));
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const checker = program.getTypeChecker();

for (const file of sourceFiles(uiSource)) {
  const text = readFileSync(file, "utf8");
  if (!text.includes("gql")) continue;
  const source = program.getSourceFile(file);
  if (!source) {
    problems.push(`${path.relative(root, file)}: not part of ui/tsconfig.json's program`);
    continue;
  }
  const where = (node) => `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isGql = (expression) => ts.isIdentifier(expression) && expression.text === "gql";

  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && isGql(node.tag)) {
      if (!ts.isNoSubstitutionTemplateLiteral(node.template)) {
        problems.push(`${where(node)}: a document with \${…} interpolations cannot be validated as written; write it out in full`);
      } else {
        const document = checkDocument(node.template.text, where(node));
        if (document) {
          const [resultNode, variablesNode] = node.typeArguments ?? [];
          for (const problem of checkDocumentTypes({ checker, schema, document, resultNode, variablesNode })) problems.push(`${where(node)}: ${problem}`);
        }
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
  const errors = validate(schema, document);
  for (const error of errors) {
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
  // Declared types are held against a valid document only.
  return errors.length === 0 && ops.length === 1 ? document : null;
}

if (checked === 0) problems.push("no gql`…` documents found under ui/src: is the search broken?");
if (problems.length > 0) {
  process.stderr.write(`ui:check: ${problems.length} problem(s) in the console's GraphQL documents:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`ui:check: ${checked} documents (${operations.size} operations) valid against schema.graphql, their declared result and variables types matching it\n`);

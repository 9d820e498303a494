import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildGatehouseSchema, Services } from "../src/server/schema";

/**
 * Writes schema.graphql from the code (`npm run schema:emit`), or with --check exits 1 when the
 * committed file differs from what the code generates (CI's drift check).
 */
async function main(): Promise<void> {
  // Building the schema only reads decorator metadata; no service is called.
  const schema = await buildGatehouseSchema({} as Services);
  const text = `# Generated from the code by \`npm run schema:emit\`; do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
  const file = path.join(__dirname, "..", "..", "schema.graphql");
  if (process.argv.includes("--check")) {
    const committed = readFileSync(file, "utf8");
    if (committed !== text) {
      process.stderr.write("schema.graphql is out of date: run `npm run schema:emit` and commit it.\n");
      process.exit(1);
    }
    process.stderr.write("schema.graphql matches the code.\n");
    return;
  }
  writeFileSync(file, text);
  process.stderr.write(`wrote ${file}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

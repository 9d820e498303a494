import { readFileSync } from "node:fs";
import path from "node:path";
import { GraphQLResponse, TestServer } from "./server";

/** Helpers of the import/export suites (test/transfer-*.test.ts). */

export const COUNT_FIELDS = "applications users groups roles permissions mappings memberships nestings groupRoles rolePermissions userRoles organizations configuration";

export const IMPORT = `mutation($data: JSON!, $mode: ImportMode, $dryRun: Boolean) {
  importData(data: $data, mode: $mode, dryRun: $dryRun) {
    mode dryRun created { ${COUNT_FIELDS} } updated { ${COUNT_FIELDS} } deleted { ${COUNT_FIELDS} } warnings
  }
}`;

export type Counts = Record<string, number>;

export interface ImportAnswer {
  mode: string;
  dryRun: boolean;
  created: Counts;
  updated: Counts;
  deleted: Counts;
  warnings: string[];
}

/** All counts zero but the given ones. */
export function counts(nonZero: Counts = {}): Counts {
  const all: Counts = {};
  for (const kind of COUNT_FIELDS.split(" ")) all[kind] = nonZero[kind] ?? 0;
  return all;
}

export async function exportData(t: TestServer): Promise<any> {
  return (await t.ok<{ exportData: any }>("{ exportData }")).exportData;
}

export function importData(t: TestServer, data: unknown, options: { mode?: "MERGE" | "REPLACE"; dryRun?: boolean } = {}): Promise<GraphQLResponse<{ importData: ImportAnswer }>> {
  return t.gql<{ importData: ImportAnswer }>(IMPORT, { data, mode: options.mode, dryRun: options.dryRun });
}

/** Imports and fails the test on any error. */
export async function importOk(t: TestServer, data: unknown, options: { mode?: "MERGE" | "REPLACE"; dryRun?: boolean } = {}): Promise<ImportAnswer> {
  const result = await importData(t, data, options);
  if (result.errors) throw new Error(`import failed: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data!.importData;
}

/** A fresh copy of the hand-made Auth0 extension export of the example company (docs/design.md §9). */
export function exampleCompanyFile(): any {
  return JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "extension-example-company.json"), "utf8"));
}

/** Ids of the example company file, by name. */
export const EXAMPLE = {
  clientId: "4UfTcIbcCzdvUokuwI8Yp9cRGl70mo37",
  alice: "auth0|5f1a0c0ffee0000000000001",
  bob: "auth0|5f1a0c0ffee0000000000002",
  carol: "auth0|5f1a0c0ffee0000000000003",
  groups: {
    exampleCompany: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c01",
    accounting: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c02",
    externalAccountants: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c03",
    humanResources: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c04",
    finance: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c05",
    financeItSupport: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c06",
    management: "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1e9c07",
  },
  roles: { expenseUser: "5d8c1f2e-3a4b-4c5d-8e6f-7a8b9c0d1e01", expenseAdmin: "5d8c1f2e-3a4b-4c5d-8e6f-7a8b9c0d1e02" },
};

/**
 * Asserts an import failed with BAD_USER_INPUT listing exactly these problems (paths in order,
 * each message containing its part), in `extensions.problems` and in the message.
 */
export function expectProblems(result: GraphQLResponse, expected: Array<[string, string | RegExp]>): Array<{ path: string; message: string }> {
  expect(result.errors).toHaveLength(1);
  const error = result.errors![0];
  expect(error.extensions?.code).toBe("BAD_USER_INPUT");
  const problems = error.extensions!.problems as Array<{ path: string; message: string }>;
  expect(problems.map((p) => p.path)).toEqual(expected.map(([p]) => p));
  expected.forEach(([p, part], i) => {
    if (typeof part === "string") expect(problems[i].message).toContain(part);
    else expect(problems[i].message).toMatch(part);
    expect(error.message).toContain(`${p}: ${problems[i].message}`);
  });
  expect(result.data?.importData ?? null).toBeNull();
  return problems;
}

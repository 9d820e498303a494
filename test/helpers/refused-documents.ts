/**
 * Requests refused before anything executes — syntax errors, the token, depth, alias and node
 * limits, a body that is not JSON or is too large — with the HTTP status and code each gets from
 * an authenticated caller (docs/design.md §5). Each one carries a mutation that would write a
 * group named REFUSED_GROUP, so a suite can check that nothing was written. Shared by the auth
 * matrix (× credentials) and the bad-input corpus (× the database).
 */
export interface RefusedDocument {
  label: string;
  /** The raw request body (not always JSON). */
  body: string;
  status: number;
  code: string;
}

export const REFUSED_GROUP = "Refused before execution";

const create = `createGroup(input: { name: "${REFUSED_GROUP}" }) { id }`;
const json = (query: string) => JSON.stringify({ query });
const nested = (depth: number) => `${"nestedGroups { ".repeat(depth)}id${" }".repeat(depth)}`;

export const REFUSED_DOCUMENTS: RefusedDocument[] = [
  { label: "an unclosed selection", body: json(`mutation { ${create.slice(0, -2)}`), status: 400, code: "BAD_USER_INPUT" },
  { label: "an unterminated string", body: json(`mutation { createGroup(input: { name: "${REFUSED_GROUP} }) { id } }`), status: 400, code: "BAD_USER_INPUT" },
  { label: "a document over the token limit", body: json(`mutation { ${create} ${"__typename ".repeat(10_001)} }`), status: 400, code: "BAD_USER_INPUT" },
  { label: "an unknown field", body: json(`mutation { ${create} nope }`), status: 400, code: "BAD_USER_INPUT" },
  { label: "a selection over the depth limit", body: json(`mutation { createGroup(input: { name: "${REFUSED_GROUP}" }) { ${nested(40)} } }`), status: 400, code: "BAD_USER_INPUT" },
  // Aliases of __typename are not counted (they cost nothing); 51 aliased creates are.
  {
    label: "more than 50 aliases",
    body: json(`mutation { ${Array.from({ length: 51 }, (_, i) => `a${i}: createGroup(input: { name: "${REFUSED_GROUP} ${i}" }) { id }`).join(" ")} }`),
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    label: "an answer over the node limit",
    body: json(`mutation { createGroup(input: { name: "${REFUSED_GROUP}" }) { id members(first: 100) { nodes { groups { members(first: 100) { nodes { id email } } } } } } }`),
    status: 400,
    code: "BAD_USER_INPUT",
  },
  { label: "a body that is not JSON", body: `{"query": "mutation { ${create.replace(/"/g, '\\"')} }"`, status: 400, code: "BAD_USER_INPUT" },
  { label: "a body over BODY_LIMIT_BYTES", body: json(`mutation { ${create} }`) + " ".repeat(1_100_000), status: 413, code: "BAD_USER_INPUT" },
];

/** POSTs a raw body to /graphql; answers status and the first error's code. */
export async function postRaw(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; code?: string; data?: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  let parsed: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // An answer that is not JSON has no code: the assertion on it says so.
  }
  return { status: response.status, code: parsed.errors?.[0]?.extensions?.code, data: parsed.data };
}

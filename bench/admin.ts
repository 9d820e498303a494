import { performance } from "node:perf_hooks";
import Sqlite from "better-sqlite3";
import { encodeCursor } from "../src/common/pagination";
import { TABLES } from "../src/db/tables";
import { DatasetSpec, ids } from "./datasets";

/**
 * `bench/admin` (docs/design.md §10, "admin API at scale"): what the admin console asks of the
 * server, over HTTP against the real server with a bearer token, one request at a time (an
 * admin's page view, not a load test): each query is sent 3 times to warm up, then timed 40
 * times (so that the p95 is not simply the slowest of a handful); the table shows the median,
 * p95 and maximum beside the target. Each part starts once the server's model cache holds the
 * committed revision: the steady state an admin's page views meet, not the seconds after a
 * write while the cache reloads (those are measured apart, in their own row).
 */

/** Posts one GraphQL document and returns the data (throws on errors). */
type Post = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, unknown>>;

interface AdminCase {
  label: string;
  ceilingMs: number;
  query: string;
  variables?: Record<string, unknown>;
  /** What the answer says (e.g. its totalCount), printed beside the times. */
  describe: (data: Record<string, unknown>) => string;
}

const WARM_UP = 3;
const TIMED = 40;
/** DESIGN §10 / §11: user search ≤ 50 ms; the first page of any list or picker, and calculated members, ≤ 300 ms. */
const SEARCH_MS = 50;
const PAGE_MS = 300;

const USERS = `query($search: String, $after: String) { users(search: $search, first: 50, after: $after) { totalCount totalCountExact pageInfo { hasNextPage endCursor } nodes { id email name } } }`;
const GROUPS = `query($search: String) { groups(search: $search, first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }`;
const CALCULATED = `query($id: ID!, $after: String) { group(id: $id) { id name calculatedMembers(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { user { id email } group { id name } } } } }`;

const counted = (key: string) => (data: Record<string, unknown>) => {
  const connection = data[key] as { totalCount: number; totalCountExact?: boolean; nodes: unknown[] };
  return `${connection.nodes.length} rows, totalCount ${connection.totalCount.toLocaleString("en-US")}${connection.totalCountExact === false ? "+ (bounded)" : ""}`;
};
const calculated = (data: Record<string, unknown>) => {
  const group = data.group as { calculatedMembers: { totalCount: number; nodes: unknown[] } };
  return `${group.calculatedMembers.nodes.length} rows, totalCount ${group.calculatedMembers.totalCount.toLocaleString("en-US")}`;
};

/** Groups by their number of calculated (user, group) pairs, read from the dataset file: the widest, and one near 6,000 pairs. */
export function pickGroups(file: string): { widest: { id: string; pairs: number; groups: number }; small: { id: string; pairs: number; groups: number } } {
  const db = new Sqlite(file, { readonly: true });
  try {
    const { groupNestings: N, groupMembers: M } = TABLES;
    const children = new Map<string, string[]>();
    for (const row of db.prepare(`SELECT ${N.c.parentId} AS p, ${N.c.childId} AS c FROM ${N.table}`).all() as Array<{ p: string; c: string }>) {
      const list = children.get(row.p) ?? [];
      list.push(row.c);
      children.set(row.p, list);
    }
    const counts = new Map<string, number>();
    for (const row of db.prepare(`SELECT ${M.c.groupId} AS g, COUNT(*) AS n FROM ${M.table} GROUP BY ${M.c.groupId}`).all() as Array<{ g: string; n: number }>)
      counts.set(row.g, row.n);
    const subtree = (id: string) => {
      const seen = new Set([id]);
      const stack = [id];
      while (stack.length > 0) {
        for (const child of children.get(stack.pop() as string) ?? []) {
          if (seen.has(child)) continue;
          seen.add(child);
          stack.push(child);
        }
      }
      return seen;
    };
    let widest = { id: "", pairs: -1, groups: 0 };
    let small = { id: "", pairs: Infinity, groups: 0 };
    for (const id of counts.keys()) {
      const groups = subtree(id);
      let pairs = 0;
      for (const g of groups) pairs += counts.get(g) ?? 0;
      if (pairs > widest.pairs) widest = { id, pairs, groups: groups.size };
      if (Math.abs(pairs - 6_000) < Math.abs(small.pairs - 6_000)) small = { id, pairs, groups: groups.size };
    }
    return { widest, small };
  } finally {
    db.close();
  }
}

async function time(post: Post, c: AdminCase): Promise<{ p50: number; p95: number; max: number; answer: string }> {
  let answer = "";
  for (let i = 0; i < WARM_UP; i++) answer = c.describe(await post(c.query, c.variables));
  const times: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const started = performance.now();
    await post(c.query, c.variables);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(TIMED / 2)], p95: times[Math.ceil(TIMED * 0.95) - 1], max: times[TIMED - 1], answer };
}

/**
 * Runs the admin cases against a server at `base`; returns the table's lines. With `wide`, a
 * group nesting enough of the dataset's roots to reach `wide` pairs is created through the API,
 * measured, and deleted (the generated `large` has no group that wide: its widest root is small).
 */
export async function adminBench(
  base: string,
  token: string,
  file: string,
  spec: DatasetSpec,
  wide: number | null,
  database: string,
  committedRevision: () => Promise<number>,
): Promise<string[]> {
  const post: Post = async (query, variables) => {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`admin bench: ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  };
  const { widest, small } = pickGroups(file);
  const someUser = Math.floor(spec.users * 0.7345);
  const deep = ids.user(Math.floor(spec.users * 0.9));
  const cases: AdminCase[] = [
    {
      label: `users(search: "user${someUser}@") — an e-mail part, 1 match`,
      ceilingMs: SEARCH_MS,
      query: USERS,
      variables: { search: `user${someUser}@` },
      describe: counted("users"),
    },
    {
      label: `users(search: "Bench User ${Math.floor(someUser / 100)}") — a name part, case differing`,
      ceilingMs: SEARCH_MS,
      query: USERS,
      variables: { search: `Bench User ${Math.floor(someUser / 100)}` },
      describe: counted("users"),
    },
    {
      label: `users(search: "${String(someUser).slice(0, 4)}") — digits, in id, email and name`,
      ceilingMs: SEARCH_MS,
      query: USERS,
      variables: { search: String(someUser).slice(0, 4) },
      describe: counted("users"),
    },
    { label: `users(search: "example.com") — in every user`, ceilingMs: SEARCH_MS, query: USERS, variables: { search: "example.com" }, describe: counted("users") },
    { label: `users(search: "r9") — 2 characters, common (short-search index)`, ceilingMs: SEARCH_MS, query: USERS, variables: { search: "r9" }, describe: counted("users") },
    { label: `users(search: "zq") — 2 characters matching nobody`, ceilingMs: SEARCH_MS, query: USERS, variables: { search: "zq" }, describe: counted("users") },
    { label: `users(search: "q") — 1 character matching nobody`, ceilingMs: SEARCH_MS, query: USERS, variables: { search: "q" }, describe: counted("users") },
    { label: "users, first page", ceilingMs: PAGE_MS, query: USERS, describe: counted("users") },
    { label: "users, a page deep in the list (cursor at 90 %)", ceilingMs: PAGE_MS, query: USERS, variables: { after: encodeCursor([deep, deep]) }, describe: counted("users") },
    { label: "groups, first page", ceilingMs: PAGE_MS, query: GROUPS, describe: counted("groups") },
    { label: `groups(search: "group 4999") — a picker`, ceilingMs: PAGE_MS, query: GROUPS, variables: { search: "group 4999" }, describe: counted("groups") },
    {
      label: `calculatedMembers of the widest group (${widest.groups} groups, ${widest.pairs.toLocaleString("en-US")} pairs)`,
      ceilingMs: PAGE_MS,
      query: CALCULATED,
      variables: { id: widest.id },
      describe: calculated,
    },
    {
      label: `calculatedMembers of a small group (${small.groups} groups, ${small.pairs.toLocaleString("en-US")} pairs)`,
      ceilingMs: PAGE_MS,
      query: CALCULATED,
      variables: { id: small.id },
      describe: calculated,
    },
  ];
  /** Asks for calculated members (which proves the cache fresh, starting a reload when it is not) until the server caches the committed revision. */
  const untilCacheCurrent = async (groupId: string) => {
    const deadline = Date.now() + 300_000;
    for (;;) {
      await post(CALCULATED, { id: groupId });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const cached = Number(/^gatehouse_model_revision (\S+)$/m.exec(metrics)?.[1] ?? -1);
      if (cached === (await committedRevision())) return;
      if (Date.now() > deadline) throw new Error(`admin bench: the model cache did not reach the committed revision (cached ${cached})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const rows: string[] = [];
  const measure = async (list: AdminCase[]) => {
    for (const c of list) {
      const r = await time(post, c);
      rows.push(`| ${c.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${c.ceilingMs} | ${r.p95 <= c.ceilingMs ? "yes" : "**no**"} | ${r.answer} |`);
    }
  };
  await untilCacheCurrent(widest.id);
  await measure(cases);
  // Made after the dataset's own cases, so that they see the dataset as generated.
  let created: string | null = null;
  const wideCases: AdminCase[] = [];
  try {
    if (wide !== null) {
      const made = (await post(`mutation { createGroup(input: { name: "bench admin wide group", description: "made by bench/admin" }) { id } }`)) as {
        createGroup: { id: string };
      };
      created = made.createGroup.id;
      const roots = await wideRoots(file, wide);
      for (let i = 0; i < roots.ids.length; i += 500) {
        await post(`mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { id } }`, { g: created, c: roots.ids.slice(i, i + 500) });
      }
      // Right after the writes, while the model cache reloads (descendants then come from the nesting links).
      const started = performance.now();
      const first = (await post(CALCULATED, { id: created })) as { group: { calculatedMembers: { pageInfo: { endCursor: string } } } };
      const afterWrite = performance.now() - started;
      const label = `calculatedMembers of a group made to nest ${roots.ids.length} roots (${roots.groups} groups, ${roots.pairs.toLocaleString("en-US")} pairs)`;
      rows.push(
        `| ${label}: the first request after the nesting writes, the cache reloading | ${afterWrite.toFixed(1)} | — | ${afterWrite.toFixed(1)} | ${PAGE_MS} | ${afterWrite <= PAGE_MS ? "yes" : "**no**"} | one request |`,
      );
      await untilCacheCurrent(created);
      wideCases.push({ label, ceilingMs: PAGE_MS, query: CALCULATED, variables: { id: created }, describe: calculated });
      wideCases.push({
        label: `… its second page (cursor)`,
        ceilingMs: PAGE_MS,
        query: CALCULATED,
        variables: { id: created, after: first.group.calculatedMembers.pageInfo.endCursor },
        describe: calculated,
      });
    }
    await measure(wideCases);
  } finally {
    if (created) await post(`mutation($id: ID!) { deleteGroup(id: $id, force: true) }`, { id: created });
  }
  return [
    "",
    `Admin API at scale (bench/admin, docs/design.md §10), served from ${database}: over HTTP, one request at a time, ${WARM_UP} warm-up + ${TIMED} timed each; every page asks totalCount`,
    "",
    "| request | p50 ms | p95 ms | max ms | target ms | p95 within | answer |",
    "|---|---:|---:|---:|---:|---|---|",
    ...rows,
  ];
}

/** Roots of the dataset (groups without parents), widest first, until their subtrees hold at least `pairs` memberships. */
async function wideRoots(file: string, pairs: number): Promise<{ ids: string[]; pairs: number; groups: number }> {
  const db = new Sqlite(file, { readonly: true });
  try {
    const { groupNestings: N, groupMembers: M, groups: G } = TABLES;
    const children = new Map<string, string[]>();
    const hasParent = new Set<string>();
    for (const row of db.prepare(`SELECT ${N.c.parentId} AS p, ${N.c.childId} AS c FROM ${N.table}`).all() as Array<{ p: string; c: string }>) {
      children.set(row.p, [...(children.get(row.p) ?? []), row.c]);
      hasParent.add(row.c);
    }
    const counts = new Map<string, number>();
    for (const row of db.prepare(`SELECT ${M.c.groupId} AS g, COUNT(*) AS n FROM ${M.table} GROUP BY ${M.c.groupId}`).all() as Array<{ g: string; n: number }>)
      counts.set(row.g, row.n);
    const all = new Set<string>();
    const chosen: string[] = [];
    let total = 0;
    for (const { id } of db.prepare(`SELECT ${G.c.id} AS id FROM ${G.table} ORDER BY ${G.c.id}`).all() as Array<{ id: string }>) {
      if (hasParent.has(id) || total >= pairs) continue;
      chosen.push(id);
      const stack = [id];
      while (stack.length > 0) {
        const g = stack.pop() as string;
        if (all.has(g)) continue;
        all.add(g);
        total += counts.get(g) ?? 0;
        stack.push(...(children.get(g) ?? []));
      }
    }
    return { ids: chosen, pairs: total, groups: all.size + 1 };
  } finally {
    db.close();
  }
}

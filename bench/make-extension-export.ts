import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { DatasetSpec, prng } from "./datasets";

/**
 * Writes a deterministic (seeded) file in the Auth0 Authorization Extension's own export format
 * — `configuration` (with the extension's `apikey`), `groups` with `members`, `roles`, `nested`
 * and `mappings`, `roles` with `users`, `permissions`; no Gatehouse `applications` or `users` —
 * to time `gatehouse import` (docs/transfer.md). Defaults: docs/design.md §10's `large` dataset.
 *
 *   npm run build && node dist/bench/make-extension-export.js [--users 1000000] [--out file]
 *
 * Groups form a DAG by levels: a group of level L > 0 has a parent in level L-1 and sometimes a
 * second one in any lower level, so there is no cycle. Every user is a member of 3 groups.
 */

/** A UUID v4-shaped id drawn from the generator (the extension's ids are UUID v4). */
function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}

const CONNECTIONS = ["corp-ad", "google-apps", "okta"];

export async function makeExtensionExport(spec: DatasetSpec, out: string, seed: number, log: (line: string) => void): Promise<void> {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const appIds = Array.from({ length: spec.applications }, (_, a) => `${(a + 1).toString(36).padStart(4, "0")}${uuid(random).replace(/-/g, "").slice(0, 28)}`);
  const permissionIds = Array.from({ length: spec.applications * spec.permissionsPerApplication }, () => uuid(random));
  const roleIds = Array.from({ length: spec.applications * spec.rolesPerApplication }, () => uuid(random));
  const groupIds = Array.from({ length: spec.groups }, () => uuid(random));
  const userId = (u: number) => `auth0|${(0x5f000000 + u).toString(16)}${u.toString(16).padStart(16, "0")}`;

  const levelOf = (g: number) => Math.floor((g * spec.depth) / spec.groups);
  const firstOfLevel = (level: number) => Math.ceil((level * spec.groups) / spec.depth);
  const nested: number[][] = Array.from({ length: spec.groups }, () => []);
  for (let g = 0; g < spec.groups; g++) {
    const level = levelOf(g);
    if (level === 0) continue;
    const from = firstOfLevel(level - 1);
    const parent = from + int(firstOfLevel(level) - from);
    nested[parent].push(g);
    if (random() < spec.secondParentRate) {
      const other = int(firstOfLevel(level));
      if (other !== parent) nested[other].push(g);
    }
  }
  const groupRoles: number[][] = Array.from({ length: spec.groups }, () => (random() < spec.groupRoleRate ? [int(roleIds.length)] : []));
  const mappings: Array<Array<{ _id: string; groupName: string; connectionName: string }>> = Array.from({ length: spec.groups }, () => []);
  for (let m = 0; m < spec.mappings; m++) {
    mappings[int(spec.groups)].push({ _id: uuid(random), groupName: `Directory Group ${m}`, connectionName: CONNECTIONS[m % CONNECTIONS.length] });
  }
  const members: number[][] = Array.from({ length: spec.groups }, () => []);
  const roleUsers: number[][] = Array.from({ length: roleIds.length }, () => []);
  for (let u = 0; u < spec.users; u++) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(spec.membershipsPerUser, spec.groups)) chosen.add(int(spec.groups));
    for (const g of chosen) members[g].push(u);
    if (random() < spec.directRoleRate) roleUsers[int(roleIds.length)].push(u);
  }

  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const stream = createWriteStream(out);
  let buffer = "";
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, "drain");
      buffer = "";
    }
  };
  // Pretty-printed with two spaces, as the extension's S3 storage wrote its document.
  const section = async (key: string, count: number, item: (i: number) => object, last = false) => {
    await write(`  ${JSON.stringify(key)}: [`);
    for (let i = 0; i < count; i++) await write(`${i === 0 ? "" : ","}\n    ${JSON.stringify(item(i), null, 2).replace(/\n/g, "\n    ")}`);
    await write(`${count === 0 ? "" : "\n  "}]${last ? "\n" : ",\n"}`);
  };
  await write("{\n");
  const apikey = Array.from({ length: 64 }, () => int(16).toString(16)).join("");
  await section("configuration", 1, () => ({
    _id: "v1",
    groupsInToken: true,
    rolesInToken: true,
    permissionsInToken: "yes",
    groupsPassthrough: false,
    rolesPassthrough: false,
    permissionsPassthrough: "no",
    persistGroups: false,
    persistRoles: false,
    persistPermissions: false,
    apikey,
  }));
  await section("groups", spec.groups, (g) => ({
    _id: groupIds[g],
    name: `Group ${g}`,
    description: `Bench group ${g} (level ${levelOf(g)})`,
    members: members[g].map(userId),
    roles: groupRoles[g].map((r) => roleIds[r]),
    nested: nested[g].map((c) => groupIds[c]),
    mappings: mappings[g],
  }));
  log(`${spec.groups} groups with ${spec.users * spec.membershipsPerUser} memberships`);
  await section("roles", roleIds.length, (r) => {
    const application = Math.floor(r / spec.rolesPerApplication);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(spec.permissionsPerRole, spec.permissionsPerApplication)) chosen.add(int(spec.permissionsPerApplication));
    return {
      _id: roleIds[r],
      name: `Role ${r % spec.rolesPerApplication}`,
      description: `Role ${r % spec.rolesPerApplication} of application ${application}`,
      applicationType: "client",
      applicationId: appIds[application],
      permissions: [...chosen].map((p) => permissionIds[application * spec.permissionsPerApplication + p]),
      users: roleUsers[r].map(userId),
    };
  });
  await section(
    "permissions",
    permissionIds.length,
    (p) => ({
      _id: permissionIds[p],
      name: `perm:${p % spec.permissionsPerApplication}`,
      description: "",
      applicationType: "client",
      applicationId: appIds[Math.floor(p / spec.permissionsPerApplication)],
    }),
    true,
  );
  await write("}\n");
  stream.end(buffer);
  await once(stream, "finish");
  log(`wrote ${out}`);
}

function count(value: string): number {
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number");
  return n;
}

if (require.main === module) {
  const program = new Command("make-extension-export")
    .description("write a deterministic Auth0 Authorization Extension export for timing `gatehouse import`")
    .option("--users <n>", "users (each a member of 3 groups)", count, 1_000_000)
    .option("--groups <n>", "groups (a DAG of depth 10)", count, 50_000)
    .option("--applications <n>", "applications (10 roles and 50 permissions each)", count, 200)
    .option("--mappings <n>", "group mappings", count, 5_000)
    .option("--seed <n>", "PRNG seed", count, 42)
    .option("--out <file>", "output file (default bench/.data/extension-<users>.json)")
    .parse();
  const o = program.opts<{ users: number; groups: number; applications: number; mappings: number; seed: number; out?: string }>();
  const spec: DatasetSpec = {
    users: o.users,
    groups: Math.max(1, o.groups),
    depth: 10,
    membershipsPerUser: 3,
    applications: o.applications,
    rolesPerApplication: 10,
    permissionsPerApplication: 50,
    permissionsPerRole: 5,
    mappings: o.mappings,
    secondParentRate: 0.1,
    groupRoleRate: 0.5,
    directRoleRate: 0.01,
    // The extension has no organizations.
    organizations: 0,
    organizationMemberRate: 0,
  };
  const out = o.out ?? path.join("bench", ".data", `extension-${o.users}.json`);
  const started = Date.now();
  makeExtensionExport(spec, out, o.seed, (line) => process.stderr.write(`${line}\n`))
    .then(() => process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}

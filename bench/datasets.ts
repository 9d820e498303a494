/** The benchmark datasets of docs/design.md §10, deterministic from a seed. */
export interface DatasetSpec {
  users: number;
  groups: number;
  /** Levels of the group DAG (roots are level 0). */
  depth: number;
  membershipsPerUser: number;
  applications: number;
  rolesPerApplication: number;
  permissionsPerApplication: number;
  permissionsPerRole: number;
  mappings: number;
  /** Share of non-root groups that get a second parent (the DAG is not a tree). */
  secondParentRate: number;
  /** Share of groups that hold a role. */
  groupRoleRate: number;
  /** Share of users with a directly assigned role. */
  directRoleRate: number;
  /** Organizations (docs/design.md §12). */
  organizations: number;
  /** Share of users who are members of 1–3 organizations, with 1–2 roles in each. */
  organizationMemberRate: number;
}

export const DATASETS: Record<string, DatasetSpec> = {
  /** The Auth0 extension's ceiling: 1,000 groups, 3,000 users, 3 memberships each. */
  "ext-max": {
    users: 3_000,
    groups: 1_000,
    depth: 5,
    membershipsPerUser: 3,
    applications: 10,
    rolesPerApplication: 10,
    permissionsPerApplication: 50,
    permissionsPerRole: 5,
    mappings: 100,
    secondParentRate: 0.1,
    groupRoleRate: 0.5,
    directRoleRate: 0.01,
    organizations: 100,
    organizationMemberRate: 0.2,
  },
  /** 1,000,000 users, 50,000 groups in a DAG of depth 10, 200 apps, 2,000 roles, 10,000 permissions, 5,000 mappings. */
  large: {
    users: 1_000_000,
    groups: 50_000,
    depth: 10,
    membershipsPerUser: 3,
    applications: 200,
    rolesPerApplication: 10,
    permissionsPerApplication: 50,
    permissionsPerRole: 5,
    mappings: 5_000,
    secondParentRate: 0.1,
    groupRoleRate: 0.5,
    directRoleRate: 0.01,
    organizations: 10_000,
    organizationMemberRate: 0.2,
  },
};

export const CONNECTIONS = ["corp-ad", "google-apps", "okta"];
export const IDP_GROUPS = 1000;

/** mulberry32: a small, fast, seeded PRNG (the same seed gives the same dataset everywhere). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic UUID-shaped id: kind nibble + sequence number. */
export function uuidOf(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `0000000${kind}-0000-4000-8000-${hex}`;
}

export const ids = {
  user: (n: number) => `auth0|bench-user-${String(n).padStart(7, "0")}`,
  group: (n: number) => uuidOf(1, n),
  role: (n: number) => uuidOf(2, n),
  permission: (n: number) => uuidOf(3, n),
  application: (n: number) => `bench-app-${n}`,
  organization: (n: number) => `org_bench${String(n).padStart(11, "0")}`,
};

/** One membership of the generated organizations: organization and user numbers, and the role numbers held there. */
export interface OrganizationMembershipSpec {
  organization: number;
  user: number;
  roles: number[];
}

/**
 * The organizations' memberships of a dataset, in user order (then organization): a PRNG of its
 * own, so that adding organizations changed no other row of the datasets. The generator writes
 * them; the benchmark draws its organization logins from them.
 */
export function* organizationMemberships(spec: DatasetSpec, seed: number): Generator<OrganizationMembershipSpec> {
  const random = prng(seed ^ 0x6f726773);
  const int = (n: number) => Math.floor(random() * n);
  const roleCount = spec.applications * spec.rolesPerApplication;
  for (let u = 0; u < spec.users; u++) {
    if (random() >= spec.organizationMemberRate) continue;
    const organizations = new Set<number>();
    const count = 1 + int(3);
    while (organizations.size < Math.min(count, spec.organizations)) organizations.add(int(spec.organizations));
    for (const organization of [...organizations].sort((a, b) => a - b)) {
      const roles = new Set<number>();
      const held = 1 + int(2);
      while (roles.size < held) roles.add(int(roleCount));
      yield { organization, user: u, roles: [...roles].sort((a, b) => a - b) };
    }
  }
}

/** The level of group `n`: groups are spread evenly over the levels, in id order. */
export function levelOf(spec: DatasetSpec, n: number): number {
  return Math.floor((n * spec.depth) / spec.groups);
}

/** The first group number of a level. */
export function firstOfLevel(spec: DatasetSpec, level: number): number {
  return Math.ceil((level * spec.groups) / spec.depth);
}

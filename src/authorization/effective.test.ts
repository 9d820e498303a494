import { activeGrants, calculatedGroupIds, effectiveGroupIds, effectivePermissions, effectiveRoles, grantKey, LinksOf } from "./effective";

/** Unit tests of the one definition of "effective" (docs/design.md §3 steps 3–5) that the engine and the relation fields share. */

const linksOf = <T>(entries: Array<[string, T[]]>): LinksOf<T> => {
  const map = new Map(entries);
  return (id) => map.get(id);
};

// The example company (docs/design.md §9): Example Company ⊃ {Accounting ⊃ {External Accountants}, Finance ⊃ {Finance IT Support}}.
const PARENTS = linksOf([
  ["acc", ["ec"]],
  ["ext", ["acc"]],
  ["fin", ["ec"]],
  ["fits", ["fin"]],
]);
const CHILDREN = linksOf([
  ["ec", ["acc", "fin"]],
  ["acc", ["ext"]],
  ["fin", ["fits"]],
]);

const role = (id: string, applicationId: string) => ({ id, name: id.toUpperCase(), applicationId });

describe("effectiveGroupIds", () => {
  it("holds the groups themselves and every ancestor, transitively", () => {
    expect([...effectiveGroupIds(["ext"], PARENTS)].sort()).toEqual(["acc", "ec", "ext"]);
    expect([...effectiveGroupIds(["fits", "ext"], PARENTS)].sort()).toEqual(["acc", "ec", "ext", "fin", "fits"]);
  });

  it("is empty without groups, and a group without parents is only itself", () => {
    expect([...effectiveGroupIds([], PARENTS)]).toEqual([]);
    expect([...effectiveGroupIds(["ec"], PARENTS)]).toEqual(["ec"]);
  });

  it("reaches a group with several parents through each, once, and survives cycles and self-loops", () => {
    const parents = linksOf([
      ["d", ["b", "c"]],
      ["b", ["a"]],
      ["c", ["a", "c"]],
      ["a", ["d"]],
    ]);
    expect([...effectiveGroupIds(["d", "d"], parents)].sort()).toEqual(["a", "b", "c", "d"]);
  });
});

describe("calculatedGroupIds", () => {
  it("holds the group and every descendant", () => {
    expect([...calculatedGroupIds("ec", CHILDREN)].sort()).toEqual(["acc", "ec", "ext", "fin", "fits"]);
    expect([...calculatedGroupIds("acc", CHILDREN)].sort()).toEqual(["acc", "ext"]);
    expect([...calculatedGroupIds("ext", CHILDREN)]).toEqual(["ext"]);
  });
});

describe("effectiveRoles", () => {
  const groupRoles = linksOf([
    ["ec", [role("user", "expenses"), role("wiki", "wiki")]],
    ["fin", [role("admin", "expenses"), role("user", "expenses")]],
  ]);

  it("takes the roles of every effective group and the direct roles, each once, first seen first", () => {
    const roles = effectiveRoles(["fin", "ec", "fits"], groupRoles, [role("direct", "expenses"), role("admin", "expenses")]);
    expect(roles.map((r) => r.id)).toEqual(["admin", "user", "wiki", "direct"]);
  });

  it("keeps only the roles of one application when one is given", () => {
    expect(effectiveRoles(["ec"], groupRoles, [role("direct", "wiki")], "wiki").map((r) => r.id)).toEqual(["wiki", "direct"]);
    expect(effectiveRoles(["ec"], groupRoles, [], "unknown")).toEqual([]);
  });

  it("keeps roles without an application only when no application is asked for (the engine's pre-filtered rows)", () => {
    const named = linksOf([["ec", [{ id: "r", name: "R" }]]]);
    expect(effectiveRoles(["ec"], named, [])).toEqual([{ id: "r", name: "R" }]);
    expect(effectiveRoles(["ec"], named, [], "expenses")).toEqual([]);
  });
});

describe("effectivePermissions", () => {
  it("is the union of the roles' permissions", () => {
    const permissionsOf = linksOf([
      ["user", ["view:own-expenses", "add:expense"]],
      ["admin", ["approve:expenses", "add:expense"]],
    ]);
    expect([...effectivePermissions(["user", "admin", "none"], permissionsOf)]).toEqual(["view:own-expenses", "add:expense", "approve:expenses"]);
    expect(effectivePermissions([], permissionsOf).size).toBe(0);
  });
});

describe("activeGrants (docs/design.md §13)", () => {
  const rows = {
    groupIds: ["plain", "expiring", "pending", "expired"],
    roleIds: ["direct", "later"],
    organizations: new Map([
      ["acme", ["admin", "viewer"]],
      ["gone", ["owner"]],
    ]),
    windows: new Map([
      [grantKey.group("expiring"), { validFrom: null, expiresAt: 200 }],
      [grantKey.group("pending"), { validFrom: 150, expiresAt: null }],
      [grantKey.group("expired"), { validFrom: 10, expiresAt: 50 }],
      [grantKey.role("later"), { validFrom: 300, expiresAt: 400 }],
      [grantKey.memberRole("acme", "viewer"), { validFrom: null, expiresAt: 120 }],
      [grantKey.organization("gone"), { validFrom: null, expiresAt: 90 }],
    ]),
  };

  it("keeps the grants active at now, a member role only while its membership is active, and answers the earliest boundary ahead", () => {
    const { rows: active, validUntil } = activeGrants(rows, 100);
    expect(active.groupIds).toEqual(["plain", "expiring"]);
    expect(active.roleIds).toEqual(["direct"]);
    expect([...active.organizations!]).toEqual([["acme", ["admin", "viewer"]]]);
    expect(validUntil).toBe(120);
    expect(activeGrants(rows, 120).validUntil).toBe(150);
    expect(activeGrants(rows, 160).rows.groupIds).toEqual(["plain", "expiring", "pending"]);
    expect(activeGrants(rows, 500)).toMatchObject({ rows: { groupIds: ["plain", "pending"], roleIds: ["direct"] }, validUntil: null });
  });

  it("returns rows without windows as they are, with no boundary", () => {
    const plain = { groupIds: ["a"], roleIds: ["r"] };
    expect(activeGrants(plain, 0)).toEqual({ rows: plain, validUntil: null });
    expect(activeGrants(plain, 0).rows).toBe(plain);
  });
});

import { LIMITS } from "./limits";

/** The limits docs/design.md §2 states, and the relations between limits that the columns rely on. */

describe("LIMITS", () => {
  it("are those of docs/design.md §2: names, descriptions, mapping names", () => {
    expect(LIMITS).toMatchObject({ groupName: 50, roleName: 50, permissionName: 100, description: 500, mappingName: 256 });
  });

  it("lets any id argument hold an id of every kind", () => {
    expect(LIMITS.id).toBeGreaterThanOrEqual(Math.max(LIMITS.entityId, LIMITS.externalId));
  });

  it("leaves each name key room for lower-casing, which at most doubles a name (U+0130 İ → i̇)", () => {
    expect("\u0130".toLowerCase()).toHaveLength(2);
    expect(LIMITS.groupNameKey).toBeGreaterThanOrEqual(2 * LIMITS.groupName);
    expect(LIMITS.roleNameKey).toBeGreaterThanOrEqual(2 * LIMITS.roleName);
    expect(LIMITS.permissionNameKey).toBeGreaterThanOrEqual(2 * LIMITS.permissionName);
    expect(LIMITS.applicationNameKey).toBeGreaterThanOrEqual(2 * LIMITS.applicationName);
  });
});

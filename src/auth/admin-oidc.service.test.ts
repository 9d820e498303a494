import { scopesFromClaims } from "./admin-oidc.service";
import { SCOPES } from "./scopes";

/** How the IdP's claims become Gatehouse scopes (docs/design.md §11). */
describe("scopesFromClaims", () => {
  const options = { scopesClaim: "gatehouse_scopes", adminGroup: "gatehouse-admins" };

  it("gives every scope to a member of the admin group, whatever the scopes claim says", () => {
    expect(scopesFromClaims({ groups: ["staff", "gatehouse-admins"], gatehouse_scopes: "read:users" }, options)).toEqual({ scopes: [...SCOPES], unknown: [] });
    // A single group as a string (some IdPs send one that way).
    expect(scopesFromClaims({ groups: "gatehouse-admins" }, options).scopes).toEqual([...SCOPES]);
  });

  it("takes the scopes claim as a space-separated string or an array, keeps known names once, and reports unknown ones", () => {
    expect(scopesFromClaims({ gatehouse_scopes: "  read:users\tread:groups read:users  bogus " }, options)).toEqual({ scopes: ["read:users", "read:groups"], unknown: ["bogus"] });
    expect(scopesFromClaims({ gatehouse_scopes: ["read:audit", 7, "Read:Users"] }, options)).toEqual({ scopes: ["read:audit"], unknown: ["Read:Users"] });
  });

  it("grants nothing without the group or the claim, for a claim of another type, and reads no group when ADMIN_OIDC_ADMIN_GROUP is unset", () => {
    expect(scopesFromClaims({ groups: ["staff"] }, options)).toEqual({ scopes: [], unknown: [] });
    expect(scopesFromClaims({ gatehouse_scopes: { "read:users": true } }, options)).toEqual({ scopes: [], unknown: [] });
    expect(scopesFromClaims({ groups: ["gatehouse-admins"] }, { scopesClaim: "gatehouse_scopes" })).toEqual({ scopes: [], unknown: [] });
  });

  it("reads the configured claim name", () => {
    expect(scopesFromClaims({ "https://example.com/scopes": "read:roles", gatehouse_scopes: "read:users" }, { scopesClaim: "https://example.com/scopes" }).scopes).toEqual([
      "read:roles",
    ]);
  });
});

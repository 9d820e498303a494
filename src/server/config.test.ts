import { ConfigError, loadConfig, publicUrlOf } from "./config";

/** The node limit's variables (docs/design.md §5): GRAPHQL_MAX_NODES, and GRAPHQL_MAX_COST as its deprecated alias. */
describe("loadConfig: node and explain limits", () => {
  it("defaults to 100,000 nodes and 50 explain paths, with no deprecation", () => {
    const config = loadConfig({});
    expect(config.limits.maxNodes).toBe(100_000);
    expect(config.explainMaxPaths).toBe(50);
    expect(config.deprecations).toEqual([]);
  });

  it("takes GRAPHQL_MAX_COST as the node limit when GRAPHQL_MAX_NODES is unset, with a warning", () => {
    const config = loadConfig({ GRAPHQL_MAX_COST: "7000" });
    expect(config.limits.maxNodes).toBe(7000);
    expect(config.deprecations).toEqual([expect.stringMatching(/GRAPHQL_MAX_COST is deprecated: rename it GRAPHQL_MAX_NODES/)]);
  });

  it("prefers GRAPHQL_MAX_NODES when both are set", () => {
    const config = loadConfig({ GRAPHQL_MAX_COST: "7000", GRAPHQL_MAX_NODES: "9000", EXPLAIN_MAX_PATHS: "5" });
    expect(config.limits.maxNodes).toBe(9000);
    expect(config.explainMaxPaths).toBe(5);
    expect(config.deprecations).toEqual([expect.stringMatching(/ignored/)]);
  });

  it.each(["GRAPHQL_MAX_NODES", "GRAPHQL_MAX_COST", "EXPLAIN_MAX_PATHS"])("refuses %s that is not a positive whole number, naming it", (name) => {
    for (const value of ["0", "-3", "2.5", "many"]) expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    expect(() => loadConfig({ [name]: "0" })).toThrow(ConfigError);
  });
});

describe("loadConfig: PORT", () => {
  it("takes 0 (any free port) and a number up to 65535", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).port).toBe(65535);
    expect(loadConfig({}).port).toBe(4000);
  });

  it.each(["-1", "65536", "80a", "4.5"])("refuses PORT=%s, naming the variable", (value) => {
    expect(() => loadConfig({ PORT: value })).toThrow(/PORT/);
  });
});

/** The admin console's variables (docs/design.md §11). */
describe("loadConfig: PUBLIC_URL and ADMIN_SESSION_HOURS", () => {
  it("PUBLIC_URL defaults to http://HOST:PORT (IPv6 in brackets) and loses a trailing slash", () => {
    expect(publicUrlOf(loadConfig({}))).toBe("http://127.0.0.1:4000");
    expect(publicUrlOf(loadConfig({ HOST: "::1", PORT: "8080" }))).toBe("http://[::1]:8080");
    expect(publicUrlOf(loadConfig({ PUBLIC_URL: "https://gatehouse.example.com/" }))).toBe("https://gatehouse.example.com");
  });

  it.each(["not a url", "ftp://example.com", "https://example.com/gatehouse", "https://example.com/gatehouse/"])("refuses PUBLIC_URL=%s, naming the variable", (value) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/);
  });

  it("GRANT_SWEEP_INTERVAL_SECONDS defaults to 60 (0: off), GRANT_RETENTION_DAYS to 90 (fractions allowed)", () => {
    expect(loadConfig({}).grantSweep).toEqual({ intervalSeconds: 60, retentionDays: 90 });
    expect(loadConfig({ GRANT_SWEEP_INTERVAL_SECONDS: "0", GRANT_RETENTION_DAYS: "0.5" }).grantSweep).toEqual({ intervalSeconds: 0, retentionDays: 0.5 });
  });

  it.each([
    ["GRANT_SWEEP_INTERVAL_SECONDS", "-1"],
    ["GRANT_SWEEP_INTERVAL_SECONDS", "often"],
    ["GRANT_RETENTION_DAYS", "0"],
    ["GRANT_RETENTION_DAYS", "-3"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it("ADMIN_SESSION_HOURS defaults to 8 and takes a positive number", () => {
    expect(loadConfig({}).adminSessionHours).toBe(8);
    expect(loadConfig({ ADMIN_SESSION_HOURS: "0.5" }).adminSessionHours).toBe(0.5);
  });

  it.each(["0", "-1", "many", "0.0001"])("refuses ADMIN_SESSION_HOURS=%s, naming the variable", (value) => {
    expect(() => loadConfig({ ADMIN_SESSION_HOURS: value })).toThrow(/ADMIN_SESSION_HOURS/);
  });
});

/** Console sign-in with OIDC (docs/design.md §11): ADMIN_OIDC_*. */
describe("loadConfig: ADMIN_OIDC_*", () => {
  const issuer = { ADMIN_OIDC_ISSUER: "https://idp.example.com/", ADMIN_OIDC_CLIENT_ID: "gatehouse" };

  it("is off when unset", () => {
    expect(loadConfig({}).adminOidc).toBeUndefined();
  });

  it("takes an https issuer and a client id; the scopes claim defaults to gatehouse_scopes; no secret is a public client", () => {
    expect(loadConfig(issuer).adminOidc).toEqual({
      issuer: "https://idp.example.com/",
      clientId: "gatehouse",
      clientSecret: undefined,
      scopesClaim: "gatehouse_scopes",
      adminGroup: undefined,
      requestScopes: "openid profile email",
    });
    const full = loadConfig({
      ...issuer,
      ADMIN_OIDC_CLIENT_SECRET: "s3cret",
      ADMIN_OIDC_SCOPES_CLAIM: "https://example.com/scopes",
      ADMIN_OIDC_ADMIN_GROUP: "gatehouse-admins",
      ADMIN_OIDC_REQUEST_SCOPES: " openid  groups ",
    });
    expect(full.adminOidc).toEqual({
      issuer: "https://idp.example.com/",
      clientId: "gatehouse",
      clientSecret: "s3cret",
      scopesClaim: "https://example.com/scopes",
      adminGroup: "gatehouse-admins",
      requestScopes: "openid groups",
    });
  });

  it("takes an http issuer on loopback only (development and tests)", () => {
    expect(loadConfig({ ...issuer, ADMIN_OIDC_ISSUER: "http://127.0.0.1:9000" }).adminOidc?.issuer).toBe("http://127.0.0.1:9000");
    expect(loadConfig({ ...issuer, ADMIN_OIDC_ISSUER: "http://localhost:9000/realms/x" }).adminOidc?.issuer).toBe("http://localhost:9000/realms/x");
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_ISSUER: "http://idp.example.com" })).toThrow(/ADMIN_OIDC_ISSUER: must be an https:\/\/ URL/);
  });

  it.each(["not a url", "idp.example.com", "ftp://idp.example.com", "https://idp.example.com/?tenant=1"])("refuses ADMIN_OIDC_ISSUER=%s, naming the variable", (value) => {
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_ISSUER: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_ISSUER: value })).toThrow(/ADMIN_OIDC_ISSUER/);
  });

  it("needs ADMIN_OIDC_CLIENT_ID with an issuer, and an issuer with any other ADMIN_OIDC_* variable", () => {
    expect(() => loadConfig({ ADMIN_OIDC_ISSUER: "https://idp.example.com" })).toThrow(/ADMIN_OIDC_CLIENT_ID: required when ADMIN_OIDC_ISSUER is set/);
    expect(() => loadConfig({ ADMIN_OIDC_ISSUER: "https://idp.example.com", ADMIN_OIDC_CLIENT_ID: " " })).toThrow(/ADMIN_OIDC_CLIENT_ID/);
    expect(() => loadConfig({ ADMIN_OIDC_CLIENT_ID: "gatehouse" })).toThrow(/ADMIN_OIDC_ISSUER: required when ADMIN_OIDC_CLIENT_ID is set/);
    expect(() => loadConfig({ ADMIN_OIDC_CLIENT_ID: "gatehouse", ADMIN_OIDC_ADMIN_GROUP: "admins" })).toThrow(
      /ADMIN_OIDC_ISSUER: required when ADMIN_OIDC_CLIENT_ID, ADMIN_OIDC_ADMIN_GROUP are set/,
    );
  });

  it("refuses ADMIN_OIDC_REQUEST_SCOPES without openid, naming it", () => {
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_REQUEST_SCOPES: "profile email" })).toThrow(/ADMIN_OIDC_REQUEST_SCOPES: must include openid/);
  });

  it("refuses an empty ADMIN_OIDC_SCOPES_CLAIM or ADMIN_OIDC_ADMIN_GROUP, naming it", () => {
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_SCOPES_CLAIM: " " })).toThrow(/ADMIN_OIDC_SCOPES_CLAIM/);
    expect(() => loadConfig({ ...issuer, ADMIN_OIDC_ADMIN_GROUP: " " })).toThrow(/ADMIN_OIDC_ADMIN_GROUP/);
  });
});

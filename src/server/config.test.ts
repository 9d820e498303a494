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

  it("ADMIN_SESSION_HOURS defaults to 8 and takes a positive number", () => {
    expect(loadConfig({}).adminSessionHours).toBe(8);
    expect(loadConfig({ ADMIN_SESSION_HOURS: "0.5" }).adminSessionHours).toBe(0.5);
  });

  it.each(["0", "-1", "many", "0.0001"])("refuses ADMIN_SESSION_HOURS=%s, naming the variable", (value) => {
    expect(() => loadConfig({ ADMIN_SESSION_HOURS: value })).toThrow(/ADMIN_SESSION_HOURS/);
  });
});

import { ConfigError, loadConfig } from "./config";

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

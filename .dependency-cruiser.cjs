// Import rules for src/ (`npm run deps:check`, which also runs .dependency-cruiser.test.cjs over
// test/). Type-only imports count: a type import is a dependency of the design too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles (type-only imports included).",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves (otherwise the other rules could pass without seeing it).",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "common-only-common",
      severity: "error",
      comment: "src/common/ is the bottom layer: it imports only src/common/, Node built-ins and npm packages.",
      from: { path: "^src/common/" },
      to: { dependencyTypesNot: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg", "npm-unknown"], pathNot: "^src/common/" },
    },
    {
      name: "db-not-audit-server-cli",
      severity: "error",
      comment: "src/db/ does not import src/audit/, src/server/ or src/cli/.",
      from: { path: "^src/db/" },
      to: { path: "^src/(audit|server|cli)/" },
    },
    {
      name: "authorization-not-server",
      severity: "error",
      comment: "src/authorization/ does not import src/server/.",
      from: { path: "^src/authorization/" },
      to: { path: "^src/server/" },
    },
    {
      name: "server-only-from-server-cli-index",
      severity: "error",
      comment: "Only src/server/, src/cli/ and src/index.ts import src/server/.",
      from: { path: "^src/", pathNot: "^src/(server/|cli/|index\\.ts$)" },
      to: { path: "^src/server/" },
    },
    {
      name: "cli-only-from-cli",
      severity: "error",
      comment: "Only src/cli/ imports src/cli/.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "src-not-test-bench",
      severity: "error",
      comment: "Nothing in src/ imports from test/ or bench/.",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Stay within src/: npm packages, test/ and bench/ are seen as targets but not walked into.
    doNotFollow: { path: ["node_modules", "^test/", "^bench/"] },
    moduleSystems: ["cjs", "es6"],
    // Packages' "exports" maps (e.g. csv-parse/sync): resolved as Node's require does, including .cjs files.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "node", "default"], extensions: [".ts", ".js", ".cjs", ".json"] },
  },
};

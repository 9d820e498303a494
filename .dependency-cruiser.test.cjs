// Import rule for test/ (`npm run deps:check` runs it after .dependency-cruiser.cjs): the e2e
// tests and their helpers do not import the unit tests beside the code (src/**/*.test.ts).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "test-not-src-tests",
      severity: "error",
      comment: "test/ does not import src/**/*.test.ts.",
      from: { path: "^test/" },
      to: { path: "^src/.*\\.test\\.ts$" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves (otherwise the rule above could pass without seeing it).",
      from: { path: "^test/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.test.json" },
    // Only test/'s own imports: src/ and npm packages are seen as targets but not walked into.
    doNotFollow: { path: ["node_modules", "^src/"] },
    moduleSystems: ["cjs", "es6"],
  },
};

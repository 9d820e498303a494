/** Jest runs the e2e suites in test/ (each starts its own server) and the unit tests beside the code. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/src"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // jose is ESM-only: see the transform's header for why it is not compiled by ts-jest.
    "/node_modules/jose/.+\\.js$": "<rootDir>/test/helpers/esm-transform.js",
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  testTimeout: 30000,
};

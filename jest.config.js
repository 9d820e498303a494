/** Jest runs the e2e suites in test/ (each starts its own server) and the unit tests beside the code. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/src"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // jose, openid-client and its oauth4webapi are ESM-only: see the transform's header for why they are not compiled by ts-jest.
    "/node_modules/(jose|openid-client|oauth4webapi)/.+\\.js$": "<rootDir>/test/helpers/esm-transform.js",
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(jose|openid-client|oauth4webapi)/)"],
  testTimeout: 30000,
};

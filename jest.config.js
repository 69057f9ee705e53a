// Tests are compiled by tsc (npm run build) and run from dist/, so jest executes exactly the
// CommonJS that Pulumi's closure serializer and the provider process load.
/** @type {import('jest').Config} */
module.exports = {
  // Unit, emulator and contract tests are quick: a minute covers a busy CI machine, and a hung one
  // fails in a minute instead of fifteen. (jest reads testTimeout globally, not per project.)
  testTimeout: 60000,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      roots: ["<rootDir>/dist/test"],
      testMatch: ["<rootDir>/dist/test/{unit,emulator,contract}/**/*.test.js"],
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      roots: ["<rootDir>/dist/test"],
      testMatch: ["<rootDir>/dist/test/e2e/**/*.test.js"],
      // e2e tests drive the real CLI through several operations on a busy machine.
      setupFilesAfterEnv: ["<rootDir>/jest.e2e-timeout.js"],
    },
  ],
};

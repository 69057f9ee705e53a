// Tests are compiled by tsc (npm run build) and run from dist/, so jest executes exactly the
// CommonJS that Pulumi's closure serializer and the provider process load.
/** @type {import('jest').Config} */
module.exports = {
  // e2e tests drive the real CLI through several operations; jest reads this option globally.
  testTimeout: 900000,
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
    },
  ],
};

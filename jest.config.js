// One `npm test` runs every layer. PostgreSQL comes from DATABASE_URL / DB_HOST when given,
// otherwise integration-tests/global-setup.mjs starts an embedded one for the whole run.
const transform = {
  "^.+\\.[jt]sx?$": [
    "@swc/jest",
    {
      jsc: { parser: { syntax: "typescript", tsx: true, decorators: true }, target: "es2021" },
      // Keep import() as is, as tsc does for Node16: ESM-only packages (svix) load through it.
      module: { type: "commonjs", ignoreDynamic: true },
    },
  ],
}

const base = {
  transform,
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["<rootDir>/.medusa/", "<rootDir>/demo/", "<rootDir>/node_modules/"],
}

module.exports = {
  globalSetup: "<rootDir>/integration-tests/global-setup.mjs",
  globalTeardown: "<rootDir>/integration-tests/global-teardown.mjs",
  maxWorkers: 2,
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s"] },
    {
      ...base,
      displayName: "modules",
      testMatch: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"],
      testPathIgnorePatterns: ["\\.unit\\.spec\\."],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...base,
      displayName: "http",
      testMatch: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...base,
      displayName: "package",
      testMatch: ["<rootDir>/integration-tests/package/**/*.spec.[jt]s"],
    },
    // Medusa's production shape: `medusa start` servers and workers on Redis and one database.
    {
      ...base,
      displayName: "processes",
      testMatch: ["<rootDir>/integration-tests/processes/**/*.spec.[jt]s"],
    },
    // The admin in headless Chromium, in front of the app the runner boots (see harness.ts).
    {
      ...base,
      displayName: "browser",
      testMatch: ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
  ],
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // ts-jest transpiles each file alone (tsconfig isolatedModules); `tsc --noEmit` type-checks once.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  moduleFileExtensions: ["ts", "js", "json"],
  collectCoverageFrom: ["src/**/*.ts", "components/**/*.ts", "stacks/**/*.ts", "policies/**/*.ts"],
  coverageThreshold: { global: { lines: 80 } },
  coverageReporters: ["text-summary"],
  testTimeout: 60000,
};

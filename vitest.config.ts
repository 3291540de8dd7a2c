import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every test lives under test/, in a folder named by what it talks to (CONTRIBUTING.md).
    include: ["test/**/*.test.ts"],
    // End-to-end tests drive the real Pulumi CLI: minutes, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: running the e2e files in parallel only makes them slower.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});

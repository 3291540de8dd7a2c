import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "provider/**/*.test.ts", "emulators/**/*.test.ts"],
    // End-to-end tests drive the real Pulumi CLI: minutes, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: running the e2e files in parallel only makes them slower.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});

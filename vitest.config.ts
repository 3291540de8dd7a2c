import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every test lives under test/, in a folder named by what it talks to (CONTRIBUTING.md).
    include: ["test/**/*.test.ts"],
    // End-to-end tests drive the real Pulumi CLI: minutes, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Three files at once on two cores: measured, two end-to-end files keep the CPU 134% busy
    // of 200% (their processes wait on pacing, the emulators and each other's startup), so a
    // third fills that wait.
    fileParallelism: true,
    maxWorkers: 3,
    minWorkers: 1,
  },
});

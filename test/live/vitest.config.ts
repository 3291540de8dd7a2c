import { defineConfig } from "vitest/config";

/** `npm run test:live` only: real services, one file after the other, never inside `npm test`'s include. */
export default defineConfig({
  test: {
    root: `${__dirname}/../..`,
    include: ["test/live/**/*.live.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    maxWorkers: 1,
    minWorkers: 1,
  },
});

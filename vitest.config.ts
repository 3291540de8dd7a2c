import { existsSync } from "node:fs";
import * as path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that run longest, measured on fresh clones (`npm test`'s per-file times): they
 * start first. Vitest otherwise starts the largest files first, which put these short but
 * slow files last, where one worker ran them alone while the other had nothing left to do.
 */
const LONGEST = [
  "test/e2e/live.test.ts",
  "test/e2e/exactlyOnce.test.ts",
  "test/e2e/compat.test.ts",
  "test/e2e/demo.test.ts",
  "test/e2e/adoptScale.test.ts",
  "test/package/install.test.ts",
  "test/e2e/rolloutUser.test.ts",
];

/**
 * Longest first: the files above, then the other end-to-end and package files (real CLI
 * runs, tens of seconds each), then everything else, each group in vitest's own order.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    for (const file of LONGEST) {
      if (!existsSync(path.join(__dirname, file))) throw new Error(`vitest.config.ts lists ${file} among the longest files, and it does not exist`);
    }
    const rank = (spec: TestSpecification): number => {
      const file = path.relative(__dirname, spec.moduleId).split(path.sep).join("/");
      const longest = LONGEST.indexOf(file);
      if (longest >= 0) return longest;
      return /^test\/(e2e|package)\//.test(file) ? LONGEST.length : LONGEST.length + 1;
    };
    const sorted = await super.sort(files);
    return sorted.map((spec, order) => ({ spec, order, rank: rank(spec) })).sort((a, b) => a.rank - b.rank || a.order - b.order).map((x) => x.spec);
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});

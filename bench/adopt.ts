/**
 * `npm run bench:adopt`: the figures of the adopt contract at CRM scale, 1,000 RogerRoger
 * people by default (test/support/adoptScale.ts says what is run, and what is switched off
 * to make it feasible). Prints the requests and wall time of each step, and exits 1 when
 * any step broke the contract (a write, a failed step, a record missing from the state), so
 * the figures always come from a run that kept it. test/e2e/adoptScale.test.ts runs the
 * same in `npm test`.
 *
 *   npm run bench:adopt                       # 1,000 people, RogerRoger's rate limit off
 *   npm run bench:adopt -- --rate-limit       # with the limit on (20 a minute): minutes
 *   npm run bench:adopt -- --n 100            # a quick run
 */
import { parseArgs } from "node:util";
import { runAdoptScale, scaleReport } from "../test/support/adoptScale";

const { values: opts } = parseArgs({
  options: { n: { type: "string", default: "1000" }, "no-drift": { type: "boolean", default: false }, "rate-limit": { type: "boolean", default: false } },
});
const n = Number(opts.n);
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write(`bench:adopt: --n must be a positive integer, not '${opts.n}'\n`);
  process.exit(1);
}
const log = (line: string) => process.stderr.write(`[bench:adopt ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

void runAdoptScale(n, { drift: !opts["no-drift"], rateLimit: opts["rate-limit"], log }).then((run) => {
  process.stdout.write(`${scaleReport(run)}\n`);
  if (run.failures.length > 0) {
    process.stdout.write(`\nCONTRACT BROKEN:\n${run.failures.map((f) => `- ${f}`).join("\n")}\n`);
    process.exitCode = 1;
  }
});

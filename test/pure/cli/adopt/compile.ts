/**
 * Compiles generated modules as a user's program would: a folder outside this repository
 * with Pulumi's TypeScript template tsconfig (strict), importing the built package.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import ts from "typescript";

export const repoRoot = path.resolve(__dirname, "../../../..");

/** `pulumi new typescript`'s tsconfig.json (templates/typescript), as of Pulumi 3.248. */
export const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A user's project folder: the files given, the template tsconfig, and node_modules linked to ours. */
export function userProject(files: Record<string, string>): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "prc-adopt-"));
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(PULUMI_TEMPLATE_TSCONFIG, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The diagnostics of `tsc --noEmit -p <dir>`, as text (empty when it compiles). */
export function typeErrors(dir: string): string {
  const configFile = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
}

/** `typeErrors` on a worker thread (typeCheck.cjs), so a long check leaves the test's thread free. */
export function typeErrorsOffThread(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "typeCheck.cjs"), { workerData: { dir } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`the type check's worker exited with ${code}`))));
  });
}

/**
 * `tsc --noEmit -p <dir>` through the compiler API on a worker thread: a strict check of
 * @pulumi/pulumi's declarations takes a minute or more on a loaded machine, and on the test's
 * own thread it starves vitest's worker of the event loop ("Timeout calling onTaskUpdate").
 */
const { parentPort, workerData } = require("node:worker_threads");
const path = require("node:path");
const ts = require("typescript");

const dir = workerData.dir;
const configFile = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dir);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
const diagnostics = ts.getPreEmitDiagnostics(program);
parentPort.postMessage(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" }));

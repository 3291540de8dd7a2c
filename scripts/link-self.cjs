// Installs this package into its own node_modules (a symlink), so that the examples and
// the end-to-end test programs inside the repository load it exactly as a user's program
// does: `require("pulumi-rollout-crm")` through the package's exports map. The serialized
// provider shims need this too: the dynamic-provider host resolves them from the program's
// folder, where Node's package self-reference does not apply.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-rollout-crm");
let current;
try {
  current = fs.readlinkSync(link);
} catch {
  current = undefined;
}
if (current !== "..") {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}

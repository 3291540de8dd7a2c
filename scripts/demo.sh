#!/usr/bin/env bash
# `npm run demo`: installs what is missing (node_modules, the pinned Pulumi CLI, a build),
# then runs the guided demo (demo/run.ts). The demo starts the emulators itself and stops
# them, and every process it started, on success, on failure and on Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
echo "demo: installing what is missing (npm ci, the Pulumi CLI, a build)..." >&2
pulumi_dir="$(bash scripts/install.sh | tail -1)"
# exec: the demo itself receives Ctrl-C and stops what it started.
exec node dist/demo/run.js "$pulumi_dir"

#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks every TypeScript file, then runs every
# test, the real-CLI end-to-end tests included. The end-to-end tests fail (never skip) when
# the CLI cannot be had.
# Two CLI builds: the lockfile's version (every test) and the newest (the compatibility matrix).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
# The run's Node.js: a pinned 22 (PULUMI_ROLLOUT_CRM_TEST_NODE picks another, see
# scripts/test-on-node.sh) with its compile cache. Every engine run starts Node.js processes
# (the program, the dynamic provider) that each load @pulumi/pulumi; with NODE_COMPILE_CACHE
# (Node.js 22.1+) they reuse V8's compiled code instead of compiling it again: a `pulumi up`
# of two CrmPersons cost 5.0 CPU-s on Node.js 20 and 4.1 on 22 with the cache. The Node.js that was first on PATH stays the "machine's"
# for the compatibility matrix (test/e2e/compat.test.ts, cell A).
if [ -z "${PULUMI_ROLLOUT_CRM_MACHINE_NODE_DIR:-}" ]; then
  PULUMI_ROLLOUT_CRM_MACHINE_NODE_DIR="$(dirname "$(command -v node)")"
  export PULUMI_ROLLOUT_CRM_MACHINE_NODE_DIR
fi
test_node_dir="$(bash scripts/ensure-node.sh "${PULUMI_ROLLOUT_CRM_TEST_NODE:-22.23.3}" | tail -1)"
export PATH="$test_node_dir:$PATH"
export NODE_COMPILE_CACHE="${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm}/node-compile-cache"
echo "test: Node.js $(node --version), compile cache in $NODE_COMPILE_CACHE" >&2
PULUMI_ROLLOUT_CRM_PULUMI_DIR="$(bash scripts/install.sh | tail -1)"
export PULUMI_ROLLOUT_CRM_PULUMI_DIR
# vitest strips types without checking them: every .ts of the repository (tests, bench, demo,
# examples included) is type-checked first, and any error fails the run.
echo "test: tsc -p tsconfig.all.json" >&2
npx tsc -p tsconfig.all.json --noEmit
# The newest Pulumi CLI, for the compatibility matrix (test/e2e/compat.test.ts).
PULUMI_ROLLOUT_CRM_PULUMI_NEWEST_DIR="$(bash scripts/ensure-pulumi.sh pulumi-cli-newest | tail -1)"
export PULUMI_ROLLOUT_CRM_PULUMI_NEWEST_DIR
exec npx vitest run "$@"

#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks every TypeScript file, then runs every
# test, the real-CLI end-to-end tests included. The end-to-end tests fail (never skip) when
# the CLI cannot be had.
# Two CLI builds: the lockfile's version (every test) and the newest (the compatibility matrix).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
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

#!/usr/bin/env bash
# `npm run bench`: API requests per operation beside their floors, with the real Pulumi CLI,
# the packed package and emulators on free ports (bench/run.ts; README, "Performance").
# Not part of `npm test`. Flags are passed through: `npm run bench -- --n 10` for a quick run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
PULUMI_ROLLOUT_CRM_PULUMI_DIR="${PULUMI_ROLLOUT_CRM_PULUMI_DIR:-$(bash scripts/ensure-pulumi.sh | tail -1)}"
export PULUMI_ROLLOUT_CRM_PULUMI_DIR
exec node_modules/.bin/vite-node bench/run.ts -- "$@"

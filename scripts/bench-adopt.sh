#!/usr/bin/env bash
# `npm run bench:adopt`: the adopt contract at CRM scale, 1,000 RogerRoger people by default
# (bench/adopt.ts; README, "Adopting an existing account"). Not part of `npm test`: tens of
# minutes. Exits 1 when a step breaks the contract. `npm run bench:adopt -- --n 100` is quick.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
PULUMI_ROLLOUT_CRM_PULUMI_DIR="${PULUMI_ROLLOUT_CRM_PULUMI_DIR:-$(bash scripts/ensure-pulumi.sh | tail -1)}"
export PULUMI_ROLLOUT_CRM_PULUMI_DIR
npm run build >&2
exec node_modules/.bin/vite-node bench/adopt.ts -- "$@"

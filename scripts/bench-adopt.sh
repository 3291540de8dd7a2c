#!/usr/bin/env bash
# `npm run bench:adopt`: the adopt contract at CRM scale, 1,000 RogerRoger people by default
# (bench/adopt.ts; README, "Adopting an existing account"): the same run as the 1,000-person
# case of test/e2e/adoptScale.test.ts (about a minute and a half with the rate limit off), with
# its figures printed. Exits 1 when a step breaks the contract. `-- --n 100` is quicker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
PULUMI_ROLLOUT_CRM_PULUMI_DIR="${PULUMI_ROLLOUT_CRM_PULUMI_DIR:-$(bash scripts/ensure-pulumi.sh | tail -1)}"
export PULUMI_ROLLOUT_CRM_PULUMI_DIR
npm run build >&2
exec node_modules/.bin/vite-node bench/adopt.ts -- "$@"

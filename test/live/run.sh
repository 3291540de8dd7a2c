#!/usr/bin/env bash
# `npm run test:live [-- --record DIR]`: the opt-in live acceptance run (test/live/). Without
# PULUMI_ROLLOUT_CRM_LIVE it says what it needs and exits non-zero. The package must be
# built (npm run build): the programs load it from dist/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
while [ $# -gt 0 ]; do
  case "$1" in
    --record) export PULUMI_ROLLOUT_CRM_LIVE_RECORD="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "test:live: unknown option '$1' (expected --record DIR)" >&2; exit 2 ;;
  esac
done
if [ -z "${PULUMI_ROLLOUT_CRM_LIVE:-}" ]; then
  cat >&2 <<'NEEDS'
test:live runs the lifecycle of every resource against real services and needs:
  PULUMI_ROLLOUT_CRM_LIVE=rollout,rogerroger,outseta,rolloutCrm   the services (any of them)
  PULUMI_ROLLOUT_CRM_LIVE_EMAIL_DOMAIN=<domain>                   the domain of the e-mails it creates
  and each service's credential in its usual variable: ROLLOUT_API_TOKEN, ROGERROGER_API_KEY,
  OUTSETA_API_URL + OUTSETA_API_KEY + OUTSETA_SECRET_KEY, ROLLOUT_CRM_AUTH_TOKEN (or
  ROLLOUT_CRM_CLIENT_ID + ROLLOUT_CRM_CLIENT_SECRET + ROLLOUT_CRM_USER_ID).
Use a sandbox account: records are created and deleted. Run `pulumi-rollout-crm doctor` first;
after a killed run, `pulumi-rollout-crm sweep <service> --prefix <the printed prefix> --yes`.
NEEDS
  exit 2
fi
source scripts/env.sh
exec npx vitest run --config test/live/vitest.config.ts

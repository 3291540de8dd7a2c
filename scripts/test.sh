#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every test, the real-CLI end-to-end
# tests included. The end-to-end tests fail (never skip) when the CLI cannot be had.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
PULUMI_ROLLOUT_CRM_PULUMI_DIR="$(bash scripts/install.sh | tail -1)"
export PULUMI_ROLLOUT_CRM_PULUMI_DIR
exec npx vitest run "$@"

#!/usr/bin/env bash
# Runs the whole suite (scripts/test.sh) on a pinned Node.js instead of npm test's 22, so
# vitest, the Pulumi programs, the dynamic provider and the bin all run on it:
#   bash scripts/test-on-node.sh 24.21.0 [vitest args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: test-on-node.sh <node version, e.g. 24.21.0> [vitest args...]}"
shift
PULUMI_ROLLOUT_CRM_TEST_NODE="$version" exec bash "$root/scripts/test.sh" "$@"

#!/usr/bin/env bash
# Runs the whole suite (scripts/test.sh) with a pinned Node.js first on PATH, so vitest, the
# Pulumi programs, the dynamic provider and the bin all run on it:
#   bash scripts/test-on-node.sh 22.23.3 [vitest args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: test-on-node.sh <node version, e.g. 22.23.3> [vitest args...]}"
shift
node_bin="$(bash "$root/scripts/ensure-node.sh" "$version" | tail -1)"
PATH="$node_bin:$PATH" exec bash "$root/scripts/test.sh" "$@"

#!/usr/bin/env bash
# Runs the whole suite on the newest cell of the compatibility matrix: the newest
# @pulumi/pulumi and Pulumi CLI (tools/pulumi-cli-newest) on a pinned Node.js, 22 unless told:
#   bash scripts/test-on-newest.sh [node version, default 22.23.3] [vitest args...]
# npm test runs only the packed package's lifecycle there (test/e2e/compat.test.ts), to keep
# CI short. The suite runs in a scratch copy of the work tree (tracked files, as they are
# now), so this tree's node_modules keeps the lockfile's @pulumi/pulumi.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="${1:-22.23.3}"
[ $# -gt 0 ] && shift
log() { printf 'test-on-newest: %s\n' "$*" >&2; }

source "$root/scripts/env.sh"
node_bin="$(bash "$root/scripts/ensure-node.sh" "$node_version" | tail -1)"
export PATH="$node_bin:$PATH"
# ensure-pulumi.sh copies the dynamic-provider script from node_modules: install first.
bash "$root/scripts/install.sh" >/dev/null
newest_dir="$(bash "$root/scripts/ensure-pulumi.sh" pulumi-cli-newest | tail -1)"
sdk_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$newest_dir/pulumi" version | sed 's/^v//')"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/prc-newest-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$scratch"
cd "$scratch"
log "node $(node --version), @pulumi/pulumi $sdk_version, CLI $sdk_version, in $scratch"
npm ci --no-audit --no-fund >&2
npm install --no-save --no-audit --no-fund "@pulumi/pulumi@$sdk_version" >&2
npm run --silent build >&2
export PULUMI_ROLLOUT_CRM_PULUMI_DIR="$newest_dir" PULUMI_ROLLOUT_CRM_PULUMI_NEWEST_DIR="$newest_dir"
# The matrix itself (test/e2e/compat.test.ts) runs in npm test, with both CLI builds.
npx vitest run --exclude test/e2e/compat.test.ts "$@"

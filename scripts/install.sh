#!/usr/bin/env bash
# Installs what is missing, for `npm test` and `npm run demo`: node_modules (npm ci when
# absent or older than the lockfile), the Pulumi CLI (scripts/ensure-pulumi.sh), a build.
# Prints the Pulumi CLI folder as its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi
pulumi_dir="$(bash scripts/ensure-pulumi.sh | tail -1)"
npm run --silent build >&2
printf '%s\n' "$pulumi_dir"

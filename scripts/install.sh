#!/usr/bin/env bash
# Installs what is missing, for `npm test` and `npm run demo`: node_modules (npm ci when
# absent or older than the lockfile), the Pulumi CLI (scripts/ensure-pulumi.sh), a build
# when the sources changed.
# Prints the Pulumi CLI folder as its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi
pulumi_dir="$(bash scripts/ensure-pulumi.sh | tail -1)"
# Built only when a source of the build is newer than its last output (a second `npm run
# demo` starts at once); dist/.built is touched after each complete build.
if [ ! -f dist/.built ] || [ -n "$(find provider emulators cli demo server -name '*.ts' -newer dist/.built | head -1)" ] \
  || [ tsconfig.json -nt dist/.built ] || [ package.json -nt dist/.built ]; then
  npm run --silent build >&2
  touch dist/.built
else
  node scripts/link-self.cjs
fi
printf '%s\n' "$pulumi_dir"

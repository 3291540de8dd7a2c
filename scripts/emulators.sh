#!/usr/bin/env bash
# `npm run emulators`: builds if needed and starts the four local API emulators in the
# foreground (Ctrl-C stops them). Flags are passed through, see `--help`.
# npm sends SIGINT/SIGTERM only to the shell it started: package.json's `exec bash ...` and the
# `exec node` below keep this one process from npm to the emulators, so `kill <npm's pid>`
# reaches the emulators, which stop cleanly, instead of orphaning them behind a dead shell.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
# Build only when a source is newer than the build: a rebuild rewrites dist/ under whatever
# else is running from it (the tests).
if [ ! -f dist/emulators/cli.js ] || [ -n "$(find provider emulators cli tsconfig.json -newer dist/emulators/cli.js -name '*.ts' -o -newer dist/emulators/cli.js -name tsconfig.json | head -1)" ]; then
  npm run --silent build >&2
fi
exec node dist/emulators/cli.js "$@"

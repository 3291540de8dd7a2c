#!/usr/bin/env bash
# Usage: ensure-pulumi.sh [pulumi-cli | pulumi-cli-newest]
# Prints, as the last line of standard output, a folder holding `pulumi` of the version that
# the named wrapper module under tools/ pins, with `pulumi-language-nodejs`,
# `pulumi-language-yaml` and `pulumi-resource-pulumi-nodejs` beside it. Progress goes to
# standard error.
#   pulumi-cli         (the default) the version of @pulumi/pulumi that package-lock.json pins:
#                      the oldest supported release, which the project's own tests run on;
#   pulumi-cli-newest  the newest release, for the compatibility matrix (test/e2e/compat.test.ts).
#
# Order of preference:
#   1. `pulumi` on PATH, when it is that version (its siblings are linked beside it);
#   2. a previous build in the cache folder (same version, same build sources);
#   3. a build with Go through the Go module proxy (minutes the first time).
#
# Why build at all: the `pulumi` npm package only downloads a binary at run time, which
# cannot work on machines that reach nothing but package registries. The CLI is the Go
# module github.com/pulumi/pulumi/pkg/v3; tools/pulumi-cli*/ are small wrapper modules that
# pin it (upstream go.mod files carry `replace` lines, so `go install module@version`
# refuses them). The Node.js language host is built from tools/pulumi-language-nodejs/
# (see its README for why it is ours); one source serves every CLI version. The Pulumi YAML
# language host is upstream's, built from tools/pulumi-language-yaml/ with the pulumi modules
# its own go.mod selects (it does not compile against the CLI's); one build serves every CLI.
#
# Cache: ${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm},
# outside the work tree so that later clones and CI runs on the same machine reuse it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }

cli_module="${1:-pulumi-cli}"
case "$cli_module" in
  pulumi-cli | pulumi-cli-newest) ;;
  *) log "usage: ensure-pulumi.sh [pulumi-cli | pulumi-cli-newest] (got '$cli_module')"; exit 1 ;;
esac

module_version() { # $1 = module path; prints the version the wrapper's go.mod requires
  sed -n "s#^[[:space:]]*\(require[[:space:]]*\)\{0,1\}$1 v\([0-9.]*\)\( // indirect\)\{0,1\}\$#\2#p" "$root/tools/$cli_module/go.mod"
}
version="$(module_version github.com/pulumi/pulumi/pkg/v3)"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  log "tools/$cli_module/go.mod must require github.com/pulumi/pulumi/pkg/v3 at a release (found '$version')"
  exit 1
fi
if [ "$(module_version github.com/pulumi/pulumi/sdk/v3)" != "$version" ]; then
  log "tools/$cli_module/go.mod must require pkg/v3 and sdk/v3 at the same version"
  exit 1
fi
# The project's own tests run the CLI of the version its lockfile installs; package.json
# declares a range (see the README's Requirements).
if [ "$cli_module" = pulumi-cli ]; then
  locked="$(node -p "require('$root/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")"
  if [ "$locked" != "$version" ]; then
    log "tools/pulumi-cli/go.mod pins pkg/v3 v$version but package-lock.json installs @pulumi/pulumi $locked; keep them equal"
    exit 1
  fi
fi

dynamic_provider_script="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ ! -f "$dynamic_provider_script" ]; then
  log "node_modules/@pulumi/pulumi is missing: run 'npm ci' first"
  exit 1
fi

cache="${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm}"
mkdir -p "$cache"

# A build is keyed by the CLI version and a hash of the sources that produce it, so a
# change to the wrapper modules rebuilds and an unchanged tree reuses the cache.
sources_hash="$(cd "$root/tools" && find "$cli_module" pulumi-language-nodejs -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"

has_pinned_version() { # $1 = path of a pulumi binary
  [ -x "$1" ] && [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null)" = "v$version" ]
}

# The Pulumi YAML language host has its own cache folder, keyed by its wrapper module's
# version and go.mod/go.sum, so a change to it never rebuilds a CLI (nor the reverse).
yaml_module="$root/tools/pulumi-language-yaml"
yaml_version="$(sed -n 's#^[[:space:]]*\(require[[:space:]]*\)\{0,1\}github.com/pulumi/pulumi-yaml v\([0-9.]*\)$#\2#p' "$yaml_module/go.mod")"
if ! [[ "$yaml_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  log "tools/pulumi-language-yaml/go.mod must require github.com/pulumi/pulumi-yaml at a release (found '$yaml_version')"
  exit 1
fi
yaml_hash="$(cat "$yaml_module/go.mod" "$yaml_module/go.sum" | sha256sum | cut -c1-12)"
yaml_dir="$cache/pulumi-language-yaml-v$yaml_version-$yaml_hash"

# A folder of that key is published only after a build that checked out, so an executable
# there is the right one; the host has no --version flag to ask.
has_yaml_host() { # $1 = path of a pulumi-language-yaml binary
  [ -x "$1" ]
}

build_yaml_host() {
  if ! command -v go >/dev/null 2>&1; then
    cat >&2 <<EOF
ensure-pulumi: cannot build pulumi-language-yaml v$yaml_version (the Pulumi YAML language host): no Go toolchain.
  Install Go (https://go.dev/dl/, 1.26.6 or newer) and run this again: it builds the host
  from the Go module proxy into $yaml_dir.
EOF
    exit 1
  fi
  log "building pulumi-language-yaml v$yaml_version with $(go version | cut -d' ' -f3); the first build takes a few minutes"
  local staging
  staging="$(mktemp -d "$cache/.build-yaml-XXXXXX")"
  # shellcheck disable=SC2064 # the folder is known now, and must be removed on any exit
  trap "rm -rf '$staging'" EXIT
  if ! (cd "$yaml_module" && GOFLAGS="-mod=readonly" GONOSUMDB="github.com/pulumi" \
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$yaml_version" \
      -o "$staging/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) >&2; then
    log "FAILED to build pulumi-language-yaml v$yaml_version from tools/pulumi-language-yaml (see the Go errors above); Pulumi YAML programs cannot run without it"
    exit 1
  fi
  if ! go version -m "$staging/pulumi-language-yaml" | grep -Eq "^[[:space:]]*mod[[:space:]]+github.com/pulumi/pulumi-yaml[[:space:]]+v$yaml_version[[:space:]]"; then
    log "FAILED: the built pulumi-language-yaml is not github.com/pulumi/pulumi-yaml v$yaml_version"
    exit 1
  fi
  # Publish atomically; a concurrent run that published first wins, and this build is dropped.
  if ! mv -T "$staging" "$yaml_dir" 2>/dev/null; then
    rm -rf "$staging"
  fi
  trap - EXIT
  log "installed pulumi-language-yaml into $yaml_dir"
}

finish() { # $1 = folder with pulumi and pulumi-language-nodejs
  install -m 0755 "$dynamic_provider_script" "$1/pulumi-resource-pulumi-nodejs"
  if ! has_yaml_host "$yaml_dir/pulumi-language-yaml"; then
    build_yaml_host
  fi
  # A copy, not a link: the CLI's folder stays whole when the YAML host's cache key moves on.
  if ! cmp -s "$yaml_dir/pulumi-language-yaml" "$1/pulumi-language-yaml"; then
    install -m 0755 "$yaml_dir/pulumi-language-yaml" "$1/pulumi-language-yaml"
  fi
  printf '%s\n' "$1"
  exit 0
}

# 1. An installed CLI of the pinned version, with its own language host beside it.
if path_pulumi="$(command -v pulumi 2>/dev/null)" && has_pinned_version "$path_pulumi"; then
  path_dir="$(dirname "$(readlink -f "$path_pulumi")")"
  if [ -x "$path_dir/pulumi-language-nodejs" ]; then
    linked="$cache/path-v$version/bin"
    mkdir -p "$linked"
    ln -sf "$path_dir/pulumi" "$linked/pulumi"
    ln -sf "$path_dir/pulumi-language-nodejs" "$linked/pulumi-language-nodejs"
    log "using pulumi v$version from PATH ($path_dir)"
    finish "$linked"
  fi
  log "pulumi v$version is on PATH but has no pulumi-language-nodejs beside it; building instead"
fi

target="$cache/pulumi-v$version-$sources_hash/bin"

# 2. A previous build.
if has_pinned_version "$target/pulumi" && [ -x "$target/pulumi-language-nodejs" ]; then
  log "reusing the build in $target"
  finish "$target"
fi

# 3. Build.
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<EOF
ensure-pulumi: no Pulumi CLI v$version and no Go toolchain to build it.
  Either install the CLI of exactly this version and put it on PATH:
      curl -fsSL https://get.pulumi.com | sh -s -- --version $version
  or install Go (https://go.dev/dl/, 1.26.6 or newer) and run this again: it builds the CLI
  from the Go module proxy into $cache.
EOF
  exit 1
fi

log "building pulumi v$version and its Node.js language host with $(go version | cut -d' ' -f3); the first build takes several minutes"
staging="$(mktemp -d "$cache/.build-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin"

# The wrapper modules' go.sum files pin every module; the checksum database is not
# consulted for them (and cannot be for pulumi's modules here: sum.golang.org is not reachable).
export GOFLAGS="-mod=readonly" GONOSUMDB="github.com/pulumi"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

(cd "$root/tools/$cli_module" && go build -trimpath -ldflags "$ldflags" -o "$staging/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
log "built pulumi"
(cd "$root/tools/pulumi-language-nodejs" && go build -trimpath -ldflags "$ldflags" -o "$staging/bin/pulumi-language-nodejs" .) >&2
log "built pulumi-language-nodejs"

if ! has_pinned_version "$staging/bin/pulumi"; then
  log "the built CLI does not report v$version"
  exit 1
fi

# Publish atomically: a concurrent or interrupted run never sees a half-built folder.
mkdir -p "$(dirname "$(dirname "$target")")"
rm -rf "$(dirname "$target").old"
[ -d "$(dirname "$target")" ] && mv "$(dirname "$target")" "$(dirname "$target").old"
mv "$staging" "$(dirname "$target")"
rm -rf "$(dirname "$target").old"
trap - EXIT
log "installed into $target"
finish "$target"

#!/usr/bin/env bash
# Prints, as the last line of standard output, the path of an `actionlint` binary of exactly
# the version pinned below. Progress goes to standard error. Used by test/ci/workflows.test.ts
# to lint the GitHub Actions templates in examples/ci/.
#
# Order of preference:
#   1. `actionlint` on PATH, when `actionlint -version` reports the pinned version;
#   2. a previous build in the cache folder;
#   3. a build with Go through the Go module proxy (`go install`, under a minute).
#
# Cache: ${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm},
# the same folder as scripts/ensure-pulumi.sh, outside the work tree.
set -euo pipefail

log() { printf 'ensure-actionlint: %s\n' "$*" >&2; }

# The newest v1.7.x the Go module proxy serves (`go list -m -versions github.com/rhysd/actionlint`).
version="1.7.12"
module="github.com/rhysd/actionlint"
# The module's hash as recorded in the checksum database (sum.golang.org) for this version.
# Checked on every build, so the source is verified even when the database cannot be asked.
module_sum="h1:vQ4GeJN86C0QH+gTUQcs8McmK62OLT3kmakPMtEWYnY="

cache="${PULUMI_ROLLOUT_CRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rollout-crm}"
target_dir="$cache/actionlint-v$version"
target="$target_dir/actionlint"

has_pinned_version() { # $1 = path of an actionlint binary
  # `actionlint -version` prints the version on its first line, then how it was installed.
  [ -x "$1" ] && [ "$("$1" -version 2>/dev/null | head -1)" = "v$version" ]
}

# 1. An installed actionlint of the pinned version.
if path_actionlint="$(command -v actionlint 2>/dev/null)" && has_pinned_version "$path_actionlint"; then
  log "using actionlint v$version from PATH ($path_actionlint)"
  printf '%s\n' "$path_actionlint"
  exit 0
fi

# 2. A previous build.
if has_pinned_version "$target"; then
  log "reusing the build in $target_dir"
  printf '%s\n' "$target"
  exit 0
fi

# 3. Build (about 20 s with empty Go caches).
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<EOF
ensure-actionlint: no actionlint v$version and no Go toolchain to build it.
  Either install actionlint of exactly this version and put it on PATH
  (https://github.com/rhysd/actionlint/releases/tag/v$version),
  or install Go (https://go.dev/dl/, 1.25 or newer) and run this again: it builds
  actionlint from the Go module proxy into $target_dir.
EOF
  exit 1
fi

mkdir -p "$cache"
staging="$(mktemp -d "$cache/.build-actionlint-XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Checksum verification. Normally the go command checks actionlint and each of its
# dependencies against the checksum database sum.golang.org; on machines that reach only the
# module proxy it asks the database through the proxy (proxy.golang.org/sumdb/sum.golang.org),
# so verification keeps working there and we keep it on. Only when the database cannot be
# reached at all (e.g. a private GOPROXY without the sumdb endpoint) do we fall back, without
# turning verification off: actionlint's own source is checked against the pinned
# $module_sum, and it is then built as the main module inside its verified source folder, so
# every dependency is checked against actionlint's own go.sum (-mod=readonly) instead of the
# database. GONOSUMDB is set for actionlint's module alone, and only in that fallback.
sumdb_error='sum\.golang\.org|checksum database|sumdb|verifying module'
unreachable() { # $1 = file with the go command's output: true when only the database failed
  ! grep -qiE 'checksum mismatch|SECURITY ERROR' "$1" && grep -qiE "$sumdb_error" "$1"
}
fail() { # $1 = file with the go command's output
  cat "$1" >&2
  log "could not build $module@v$version through GOPROXY=$(go env GOPROXY)"
  exit 1
}

use_sumdb=true
without_sumdb() { # $1 = why
  log "the checksum database is unreachable ($1); verifying against the pinned hash and actionlint's go.sum instead"
  use_sumdb=false
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}$module"
}

if ! info="$(go mod download -json "$module@v$version" 2>"$staging/go.log")"; then
  printf '%s\n' "$info" >>"$staging/go.log"
  unreachable "$staging/go.log" || fail "$staging/go.log"
  without_sumdb "downloading actionlint"
  if ! info="$(go mod download -json "$module@v$version" 2>"$staging/go.log")"; then
    printf '%s\n' "$info" >>"$staging/go.log"
    fail "$staging/go.log"
  fi
fi
sum="$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
source_dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
if [ "$sum" != "$module_sum" ]; then
  log "$module@v$version has hash '$sum', expected '$module_sum'; refusing to build it"
  exit 1
fi

# actionlint's -version prints github.com/rhysd/actionlint.version when set (its release
# builds set it with -X), else the module version from the build info. Setting it keeps
# `-version` exact in both build paths (a build inside the source folder has no version).
ldflags="-s -w -X $module.version=v$version -X '$module.installedFrom=built from the Go module proxy by scripts/ensure-actionlint.sh'"
log "building actionlint v$version with $(go version | cut -d' ' -f3)"
if $use_sumdb && ! GOBIN="$staging" go install -trimpath -ldflags "$ldflags" "$module/cmd/actionlint@v$version" >"$staging/go.log" 2>&1; then
  unreachable "$staging/go.log" || fail "$staging/go.log"
  without_sumdb "verifying actionlint's dependencies"
fi
if [ ! -x "$staging/actionlint" ]; then
  (cd "$source_dir" && GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly" go build -trimpath -ldflags "$ldflags" -o "$staging/actionlint" ./cmd/actionlint) >"$staging/go.log" 2>&1 || fail "$staging/go.log"
fi
rm -f "$staging/go.log"

if ! has_pinned_version "$staging/actionlint"; then
  log "the built actionlint does not report v$version"
  exit 1
fi

# Publish atomically: a concurrent or interrupted run never sees a half-built folder.
rm -rf "$target_dir.old"
[ -d "$target_dir" ] && mv "$target_dir" "$target_dir.old"
mv "$staging" "$target_dir"
rm -rf "$target_dir.old"
trap - EXIT
log "installed into $target_dir"
printf '%s\n' "$target"

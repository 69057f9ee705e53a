#!/usr/bin/env bash
# Where this repo's compiled shims (dist/provider/shim/*.js) physically live. Every resource's state
# holds `require("pulumi-posthog-org/shim/<kind>")` (provider/shim/posthog-shim.ts), which the provider
# process resolves from the program's directory. So that the repo's own programs (examples, e2e
# fixtures) resolve it, and the runtime it loads, as an npm install does, from real files under
# node_modules (the layout also served Pulumi's closure serializer, which wrote the require only for
# a module under node_modules; state no longer depends on it):
#
#   dev   node_modules/pulumi-posthog-org is a real directory: package.json, the "." and "./runtime"
#         entries are links back to the repo, and dist/provider/shim is a real directory there that
#         dist/provider/shim links to (tsc writes through the link). Called by scripts/setup.sh.
#   pack  npm pack skips symbolic links: before packing (npm's prepack), dist/provider/shim becomes a
#         real copy; postpack runs `dev` again.
#
# Usage: bash scripts/shim-layout.sh dev|pack
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pkg=node_modules/pulumi-posthog-org
case "${1:-}" in
  dev)
    [ -L "$pkg" ] && rm "$pkg" # the former whole-repo link (`node_modules/pulumi-posthog-org -> ..`)
    mkdir -p "$pkg/dist/provider/shim" dist/provider
    ln -sfn ../../package.json "$pkg/package.json"
    # A real file, not a link, so the "." entry resolves under node_modules as in an install.
    rm -f "$pkg/dist/provider/index.js" "$pkg/dist/provider/index.d.ts"
    echo 'module.exports = require("../../../../dist/provider/index.js");' >"$pkg/dist/provider/index.js"
    ln -sfn ../../../../dist/provider/runtime "$pkg/dist/provider/runtime"
    if [ -d dist/provider/shim ] && [ ! -L dist/provider/shim ]; then
      cp -R dist/provider/shim/. "$pkg/dist/provider/shim/" # a build made before this layout
      rm -rf dist/provider/shim
    fi
    ln -sfn "../../$pkg/dist/provider/shim" dist/provider/shim
    ;;
  pack)
    if [ -L dist/provider/shim ]; then
      rm dist/provider/shim
      cp -R "$pkg/dist/provider/shim" dist/provider/shim
    fi
    ;;
  *)
    echo "usage: bash scripts/shim-layout.sh dev|pack" >&2
    exit 2
    ;;
esac

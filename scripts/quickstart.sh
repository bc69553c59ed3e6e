#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, makes sure a
# Docker engine and the subject images exist, then runs the quickstart
# campaign. Extra arguments go to `gauntlet run` (e.g. --keep, --json).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "quickstart: installing npm packages..." >&2
  npm ci --no-audit --no-fund >&2
fi
scripts/ensure-docker.sh >/dev/null
scripts/build-images.sh
exec node bin/gauntlet.mjs run campaigns/quickstart.yaml "$@"

#!/usr/bin/env bash
# The main job on the embedded chain: install what is missing, build the programs to SBF,
# start LiteSVM in-process, deploy, initialise, and print the genesis read back from the chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
npx ts-node -P tsconfig.json scripts/main.ts "$@"

#!/usr/bin/env bash
# Sets up what is missing, builds pkg/ and the extension (extension/dist/), and runs the demo
# against the local 1fichier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build-npm.mjs
node scripts/build-extension.mjs
node scripts/demo.mjs

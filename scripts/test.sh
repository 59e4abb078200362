#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh --browsers) and runs every test:
#   gates (rustfmt, clippy, Biome) → native Rust tests → npm package build → extension build and lint →
#   emulator tests → packed package in Node ESM, Node CJS and Chromium → CLI tests → extension in Chromium →
#   wasm tests in Node, a Chromium page and a Chromium service worker, against the local 1fichier.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "setup"
bash scripts/setup.sh --browsers

step "gates: rustfmt, clippy (native and wasm), biome"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
node_modules/.bin/biome ci

step "native tests of the sans-IO core (cargo test)"
cargo test --quiet

step "build the npm package into pkg/"
node scripts/build-npm.mjs
rm -f target/onefichier-*.tgz
npm pack ./pkg --pack-destination target --loglevel=error >/dev/null

step "build the extension into extension/dist/ and lint the Firefox build"
node scripts/build-extension.mjs
node_modules/.bin/web-ext lint --source-dir extension/dist/firefox --warnings-as-errors --no-config-discovery

step "JS tests: emulator, packed package (ESM, CJS, Chromium), typings, CLI, extension (unit + Chromium)"
# The local 1fichier's checksums are Whirlpool, as the real one's: Node 20 has it in OpenSSL's
# legacy provider only (tests/emulator/util.js).
export NODE_OPTIONS="--openssl-legacy-provider${NODE_OPTIONS:+ $NODE_OPTIONS}"
node --test tests/emulator/ tests/package/ tests/types/ tests/cli.test.js tests/extension/

step "wasm tests against a local 1fichier (Node, Chromium page, Chromium service worker)"
emulator_log=$(mktemp)
node tests/emulator/cli.js --port 0 --upload-port 0 --cors >"$emulator_log" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true; rm -f "$emulator_log"' EXIT
for _ in $(seq 50); do grep -q 'API http' "$emulator_log" && break; sleep 0.1; done
api_base=$(grep -o 'API http[^,]*' "$emulator_log" | cut -d' ' -f2)
[[ -n "$api_base" ]] || { cat "$emulator_log"; echo "the emulator did not start" >&2; exit 1; }
# wasm-bindgen-test-runner refuses the --quiet that `cargo test --quiet` would pass on.
export ONEFICHIER_TEST_API="$api_base"
cargo test --target wasm32-unknown-unknown --test wasm
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm
WASM_BINDGEN_USE_SERVICE_WORKER=1 cargo test --target wasm32-unknown-unknown --test wasm

step "all tests passed"

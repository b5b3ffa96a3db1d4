#!/usr/bin/env bash
# The whole test suite on a fresh machine: setup, SBF build (with its IR check), generated-file
# checks, host Rust tests and lints, TypeScript type check, and the TypeScript tests against the
# built .so files in LiteSVM. Ends with one "N passed, M failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log=$(mktemp -d)

step() { printf '\n== %s\n' "$*"; }

step setup
bash scripts/setup.sh --with-validator --with-browser --with-postgres

step "build programs to SBF"
bash scripts/build.sh
file target/deploy/*.so | sed 's/^/  /'

step "the build is reproducible (a clean build gives the same bytes)"
bash scripts/check-reproducible.sh

step "generated files are current (IDL, SDK types, emission table, .cargo/config.toml)"
cargo run --quiet --release -p idl-gen -- --check
npx ts-node -P tsconfig.json scripts/gen-emission-table.ts --check
bash scripts/gen-cargo-config.sh --check

step "host Rust tests"
cargo test --quiet --release --workspace --features io_token/idl-build,io_oracle/idl-build,io_jobs/idl-build,io_staking/idl-build,io_buyback/idl-build,io_governance/idl-build 2>&1 | tee "$log/cargo.txt"

step "rustfmt"
cargo fmt --all --check

step "clippy (rustup's toolchain; Debian's rustc has no clippy)"
cargo clippy --quiet --release --workspace --all-targets --features io_token/idl-build,io_oracle/idl-build,io_jobs/idl-build,io_staking/idl-build,io_buyback/idl-build,io_governance/idl-build \
  --config 'build.rustc="rustc"' --config 'build.rustdoc="rustdoc"' --target-dir target/clippy

step "TypeScript type check"
npx tsc -p tsconfig.json --noEmit

step "TypeScript tests on the .so files"
set +e
npx ts-mocha -p tsconfig.json --exit --timeout 120000 'tests/**/*.test.ts' 2>&1 | tee "$log/mocha.txt"
mocha_status=${PIPESTATUS[0]}
set -e

count() { grep -oE "$1" "$2" | awk "{s+=\$$3} END {print s+0}" || true; }
rust_passed=$(count 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log/cargo.txt" 4)
rust_failed=$(count '[0-9]+ failed' "$log/cargo.txt" 1)
ts_passed=$(count '^ *[0-9]+ passing' "$log/mocha.txt" 1)
ts_failed=$(count '^ *[0-9]+ failing' "$log/mocha.txt" 1)
passed=$((rust_passed + ${ts_passed:-0}))
failed=$((rust_failed + ${ts_failed:-0}))
echo
echo "rust: $rust_passed passed, $rust_failed failed; typescript: ${ts_passed:-0} passed, ${ts_failed:-0} failed"
echo "$passed passed, $failed failed"
[ "$mocha_status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "${ts_passed:-0}" -gt 0 ]

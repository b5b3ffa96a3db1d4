#!/usr/bin/env bash
# Builds every on-chain program to SBF: target/deploy/<program>.so (+ its program keypair,
# where Anchor and `solana program deploy` look for it), then prints each file's size and sha256.
# The route: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

PROGRAMS=(io_token io_oracle io_jobs io_staking toolchain_canary io_buyback io_governance)

bash scripts/gen-cargo-config.sh --check
mkdir -p target/deploy target/ir
for p in "${PROGRAMS[@]}"; do
  # One program at a time, so its final IR can be dumped (an argument of the final crate
  # only: the dependencies are shared) and checked for the data-relocation trap.
  cargo rustc --quiet --release --target bpfel-unknown-none -p "$p" -- \
    -C link-arg=--dump-module="$PWD/target/ir/$p"
  bash scripts/check-sbf-ir.sh "target/ir/$p/post-opt.ll"
  so="target/deploy/$p.so"
  cp "target/bpfel-unknown-none/release/lib$p.so" "$so"
  cp "keys/$p-keypair.json" "target/deploy/$p-keypair.json"
  printf '%-20s %8d bytes  sha256 %s\n' "$p.so" "$(stat -c %s "$so")" "$(sha256sum "$so" | cut -d' ' -f1)"
done

#!/usr/bin/env bash
# Builds every program again from nothing in a separate target directory and compares the
# bytes with target/deploy: the same sources must give the same .so.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PROGRAMS=(io_token io_oracle io_jobs io_staking toolchain_canary io_buyback io_governance)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for p in "${PROGRAMS[@]}"; do
  CARGO_TARGET_DIR="$scratch" cargo rustc --quiet --release --target bpfel-unknown-none -p "$p" -- \
    -C link-arg=--dump-module="$scratch/ir/$p"
  a=$(sha256sum "target/deploy/$p.so" | cut -d' ' -f1)
  b=$(sha256sum "$scratch/bpfel-unknown-none/release/lib$p.so" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    echo "reproducible: $p.so $a"
  else
    echo "NOT reproducible: $p.so $a (target/deploy) vs $b (clean build)" >&2
    status=1
  fi
done
exit $status

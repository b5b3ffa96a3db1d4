#!/usr/bin/env bash
# Installs everything the build and the tests need. Idempotent: a second run finishes in seconds.
# Route and versions: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SBPF_LINKER_VERSION=0.1.9
AGAVE_VERSION=4.2.0
APT_PACKAGES=(rustc-web cargo-web libstd-rust-web-dev-bpf llvm-22 llvm-22-dev build-essential file libclang-dev)

need_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! sbpf-linker --version 2>/dev/null | grep -q "$SBPF_LINKER_VERSION"; then
  echo "setup: cargo install sbpf-linker $SBPF_LINKER_VERSION"
  LLVM_PREFIX=/usr/lib/llvm-22 RUSTC=/usr/bin/rustc cargo install sbpf-linker \
    --version "=$SBPF_LINKER_VERSION" --locked --no-default-features --features upstream-gallery-22
fi

# A real validator for everything that talks RPC (CLI --url, migrations): about 25 minutes to
# build once on 2 cores, then cached in ~/.cargo/bin.
if ! solana-test-validator --version 2>/dev/null | grep -q "$AGAVE_VERSION"; then
  echo "setup: cargo install agave-validator $AGAVE_VERSION (solana-test-validator; about 25 minutes once)"
  cargo install agave-validator --version "=$AGAVE_VERSION" --locked --bin solana-test-validator
fi

# npm ci only when node_modules is missing or older than the lockfile.
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
echo "setup: ok"

#!/usr/bin/env bash
# Installs everything the build and the main job need, with --with-validator also the real
# validator the RPC tests drive, with --with-browser Debian's chromium, which the explorer's
# browser tests drive (tests/explorer-browser.test.ts), and with --with-postgres Debian's
# postgresql for the indexer's PostgreSQL tests. Idempotent: a second run finishes in seconds.
# Route and versions: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SBPF_LINKER_VERSION=0.1.9
AGAVE_VERSION=4.2.0
# build-essential and python3 also serve node-gyp, which builds better-sqlite3 (the oracle service's store) from source.
APT_PACKAGES=(rustc-web cargo-web libstd-rust-web-dev-bpf llvm-22 llvm-22-dev build-essential file libclang-dev python3)
WITH_VALIDATOR=0
for arg in "$@"; do
  case "$arg" in
    --with-validator) WITH_VALIDATOR=1 ;;
    # The explorer's browser tests only: Debian's chromium (driven by playwright-core, offline).
    --with-browser) APT_PACKAGES+=(chromium) ;;
    # The indexer's PostgreSQL tests only: a server they start in a temp dir (initdb, pg_ctl).
    --with-postgres) APT_PACKAGES+=(postgresql) ;;
    *) echo "setup: unknown option $arg (--with-validator, --with-browser, --with-postgres)" >&2; exit 2 ;;
  esac
done

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
# (`sbpf-linker --version` prints its version but exits non-zero.)
if ! (sbpf-linker --version 2>&1 || true) | grep -q "sbpf-linker $SBPF_LINKER_VERSION"; then
  echo "setup: cargo install sbpf-linker $SBPF_LINKER_VERSION"
  LLVM_PREFIX=/usr/lib/llvm-22 RUSTC=/usr/bin/rustc cargo install sbpf-linker \
    --version "=$SBPF_LINKER_VERSION" --locked --no-default-features --features upstream-gallery-22
fi

# The locked npm packages, only when node_modules is missing or older than the lockfile.
# `npm install`, not `npm ci`: the registry here serves litesvm's native package for this
# platform only, so the lockfile cannot list the other platforms' optional packages and
# `npm ci` refuses it as out of sync. With the lockfile present `npm install` installs exactly
# the locked versions.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm install (locked versions)"
  npm install --no-audit --no-fund --loglevel=error
fi
# The SDK package (@io-protocol/sdk, a workspace): sdk/dist (ESM, CJS, .d.ts), rebuilt only when its
# sources changed (sdk/build.js keeps their hash in sdk/dist/.stamp).
node sdk/build.js
# The compiled `io` command (dist/, gitignored), only when it is missing or older than its
# sources; cli/bin/io.js checks the same before every run, so nothing runs stale code.
node cli/bin/build.js
# A real validator, only for what talks RPC (the tests that drive it): `--with-validator`. The main
# job runs on the embedded chain and never waits for this build.
if [ "$WITH_VALIDATOR" = 1 ]; then
  if ! (solana-test-validator --version 2>&1 || true) | grep -q "solana-test-validator $AGAVE_VERSION"; then
    echo "setup: cargo install agave-validator $AGAVE_VERSION (solana-test-validator; about 25 minutes once)"
    cargo install agave-validator --version "=$AGAVE_VERSION" --locked --bin solana-test-validator
  fi
fi
echo "setup: ok"

#!/usr/bin/env bash
# Fails when a program's final LLVM IR keeps a pointer inside a constant or global initialiser.
# sbpf-linker 0.1.9 ignores relocations in data sections, so such a pointer is wrong on chain
# (seen: an all-constant PDA seed list, `&[CONFIG_SEED]`, became `Unaligned pointer` in
# sol_try_find_program_address). Fix the code (io_common::seeds!, no static tables of
# references), never this check.
# Usage: check-sbf-ir.sh <post-opt.ll>...
set -euo pipefail
status=0
for ir in "$@"; do
  hits=$(grep -nE '^@[^=]+= .*(constant|global) .*\bptr @' "$ir" || true)
  if [ -n "$hits" ]; then
    echo "check-sbf-ir: $ir has constants holding pointers (unrelocated on chain):" >&2
    echo "$hits" | cut -c1-240 >&2
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# The programs we ship carry Debian's hardening (root CMakeLists.txt): position-independent,
# full RELRO with immediate binding, stack protector and fortified libc calls.
#   hardening_test.sh PROGRAM...
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
for program in "$@"; do
  name=$(basename "$program")
  readelf -h "$program" | grep -q 'Type:[[:space:]]*DYN' || fail "$name is not position-independent (PIE)"
  readelf -lW "$program" | grep -q GNU_RELRO || fail "$name has no RELRO segment"
  readelf -dW "$program" | grep -Eq '\(BIND_NOW\)|\(FLAGS\).*\bNOW\b|\(FLAGS_1\).*\bNOW\b' ||
    fail "$name binds lazily (link with -z now)"
  symbols=$(readelf -sW --dyn-syms "$program")
  grep -q '__stack_chk_fail' <<<"$symbols" || fail "$name has no stack protector"
  grep -Eq '__[a-z0-9_]+_chk@' <<<"$symbols" || fail "$name calls no fortified libc functions (_FORTIFY_SOURCE)"
  echo "$name: PIE, full RELRO, BIND_NOW, stack protector, fortify"
done

#!/usr/bin/env bash
# check_arrows.py against small trees made here: a tree that keeps the arrows passes; a forbidden
# include, library header, link or compile fails naming it; the known-violations list excuses a
# listed arrow, fails on a stale line and refuses a line without a reason.
# Usage: check_arrows_test.sh CHECK_ARROWS_PY
set -euo pipefail
CHECK=${1:?usage: $0 CHECK_ARROWS_PY}
WORK=$(mktemp -d /tmp/check-arrows-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TREE=$WORK/tree

fail() { echo "FAIL: $*" >&2; exit 1; }
put() {  # FILE TEXT: a file of the tree
  mkdir -p "$(dirname "$TREE/$1")"
  printf '%s\n' "$2" > "$TREE/$1"
}
# Runs the checker on the tree (extra arguments passed on); sets STATUS and OUT.
check() {
  STATUS=0
  OUT=$(python3 "$CHECK" --root "$TREE" "$@" 2>&1) || STATUS=$?
}
expect() {  # STATUS LINE WHAT: the checker's status, and a line it must print
  [ "$STATUS" -eq "$1" ] || fail "$3: status $STATUS, expected $1: $OUT"
  grep -qF -- "$2" <<< "$OUT" || fail "$3: [$2] not in: $OUT"
}

put iso7816/apdu.cpp '#include "iso7816/apdu.hpp"'
put card/apps/sign.cpp '#include "iso7816/apdu.hpp"
#include <mbedtls/rsa.h>
#include "sign.hpp"'
put reader/pcsc/context.cpp '#include <PCSC/winscard.h>'
put reader/client/jpki.cpp '#include "reader/pcsc/context.hpp"
#include "hostcrypto/sha256.hpp"'
put reader/emulator/simulated_card.cpp '#include "card/runtime/card.hpp"'
put tools/mynaportal/server.cpp '#include "tools/common/secret.hpp"
#include "pki/registry.hpp"'
put reader/client/CMakeLists.txt 'add_library(fixture_client STATIC jpki.cpp)'
put pki/CMakeLists.txt 'add_library(fixture_pki STATIC registry.cpp)'
check
expect 0 "0 forbidden arrows" "a tree that keeps the arrows"

put tools/mynaportal/server.cpp '#include "tools/mynaca/tls_commands.hpp"'
check
expect 1 "include tools/mynaportal/server.cpp -> tools/mynaca/tls_commands.hpp: no tool reaches another tool" \
  "a tool including another tool"

echo 'include tools/mynaportal/server.cpp -> tools/mynaca/tls_commands.hpp  # being moved' \
  > "$WORK/known"
check --known "$WORK/known"
expect 0 "1 known, 0 stale" "a listed violation"

echo 'link fixture_client -> fixture_pki  # not there' >> "$WORK/known"
check --known "$WORK/known"
expect 1 "$WORK/known:2: link fixture_client -> fixture_pki no longer occurs: delete the line" \
  "a stale line"

echo 'include a.cpp -> b.hpp' > "$WORK/bad-known"
check --known "$WORK/bad-known"
expect 2 "$WORK/bad-known:1: expected" "a line without a reason"

put tools/mynaportal/server.cpp '#include "tools/common/secret.hpp"'
put card/apps/sign.cpp '#include <openssl/evp.h>'
check
expect 1 "include card/apps/sign.cpp -> openssl/evp.h: the card (firmware) uses mbedTLS only" \
  "OpenSSL in the card"

put card/apps/sign.cpp '#include "iso7816/apdu.hpp"'
put reader/client/jpki.cpp '#include "../../card/runtime/card.hpp"'
check
expect 1 "include reader/client/jpki.cpp -> card/runtime/card.hpp: reader and pki never" \
  "a relative include of the card from reader/client"

put reader/client/jpki.cpp '#include "reader/pcsc/context.hpp"'
put reader/client/CMakeLists.txt 'add_library(fixture_client STATIC jpki.cpp)
target_link_libraries(fixture_client PUBLIC fixture_pki OpenSSL::Crypto)'
check
expect 1 "link fixture_client -> fixture_pki: reader/client does not reach pki" "a forbidden link"

put reader/client/CMakeLists.txt 'add_library(fixture_client STATIC jpki.cpp)'
mkdir -p "$WORK/build"
cat > "$WORK/build/compile_commands.json" << EOF
[{"directory": "$WORK/build/bench", "file": "$TREE/tools/mynasim/simulated_card.cpp",
  "command": "c++ -o CMakeFiles/bench_reader.dir/__/tools/mynasim/simulated_card.cpp.o -c x"},
 {"directory": "$WORK/build/bench", "file": "$TREE/bench/bench_reader.cpp",
  "command": "c++ -o CMakeFiles/bench_reader.dir/bench_reader.cpp.o -c x"}]
EOF
check --build "$WORK/build"
expect 1 "compile bench/bench_reader -> tools/mynasim/simulated_card.cpp: tools/mynasim's sources" \
  "a bench compiling a tool's source"
grep -q "bench_reader.cpp" <<< "$OUT" && fail "a bench compiling its own source was flagged: $OUT"
echo "check_arrows: forbidden arrows fail, known ones pass, stale and malformed lines fail"

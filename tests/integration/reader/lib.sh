# Shared by the reader's integration scripts. Usage: bash SCRIPT MYNASIM FIXTURE_DIR
# FIXTURE_DIR holds card.img (a test card: PIN 1234, signature password DEMOPASS1) and certs/
# (its four certificates, DER). Each script copies the card, so scripts may run in parallel.
set -euo pipefail

MYNASIM=${1:?usage: $0 MYNASIM FIXTURE_DIR}
FIXTURE=${2:?usage: $0 MYNASIM FIXTURE_DIR}
CERTS=$FIXTURE/certs
PYTHON=/usr/bin/python3  # Debian's, with python3-pyscard (python3 may be a pyenv shim)
OPENSC_PKCS11=$(ls /usr/lib/*/opensc-pkcs11.so /usr/lib/opensc-pkcs11.so 2>/dev/null | head -n 1 || true)

WORK=$(mktemp -d /tmp/mynasim-test.XXXXXX)
BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKGROUND[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
cp "$FIXTURE/card.img" "$WORK/card.img"
CARD=$WORK/card.img

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
expect_eq() {  # ACTUAL EXPECTED WHAT
  [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"
}
need() {  # PROGRAM DEBIAN-PACKAGE
  command -v "$1" > /dev/null || fail "$1 not found: install the Debian package $2"
}
# Waits (up to 10 s) until FILE has at least N lines matching the extended regex.
wait_for_count() {  # FILE REGEX N
  for _ in $(seq 1 200); do
    [ "$(grep -Ec -- "$2" "$1" 2> /dev/null)" -ge "$3" ] && return 0
    sleep 0.05
  done
  fail "fewer than $3 lines matching '$2' in $1: $(cat "$1" 2> /dev/null)"
}
# Waits (up to 10 s) until `opensc-tool -l` shows a line matching the regex (a reader, or a
# reader with a card: "Yes.*NAME"). Exported: the namespace scripts use it too.
wait_for_reader() {  # REGEX
  for _ in $(seq 1 200); do
    opensc-tool -l 2> /dev/null | grep -Eq -- "$1" && return 0
    sleep 0.05
  done
  echo "FAIL: no reader line matching '$1'" >&2
  return 1
}
export -f wait_for_reader
# Starts `mynasim run` with the given arguments in the background and exports its environment
# (PCSCLITE_CSOCK_NAME, MYNASIM_STACK).
start_stack() {
  "$MYNASIM" run "$@" > "$WORK/run.env" 2> "$WORK/run.err" &
  RUN_PID=$!
  BACKGROUND+=("$RUN_PID")
  wait_for_count "$WORK/run.env" '^MYNASIM_STACK=' 1
  . "$WORK/run.env"
}

# What the signing scripts share, on top of ../pki/lib.sh (WORK, CA, BACKGROUND and its cleanup,
# fail, expect_eq, need, json_field, TEST_PIN, TEST_PASSWORD): Debian's python, a free port for a
# server whose URL goes into certificates before it starts, waiting for a server's ready line, and
# mynaca's TSA on a free port, OpenSC's PKCS#11 module.
source "$(dirname "${BASH_SOURCE[0]}")/../pki/lib.sh"
PYTHON=/usr/bin/python3  # Debian's (python3 may be a pyenv shim)
free_port() {
  $PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for_line() {  # FILE REGEX
  for _ in $(seq 1 400); do
    grep -Eq -- "$2" "$1" 2> /dev/null && return 0
    sleep 0.05
  done
  fail "no line matching '$2' in $1: $(cat "$1" 2> /dev/null)"
}
start_tsa() {  # DIR NAME -> sets TSA_URL (not in a subshell: BACKGROUND must keep its pid)
  "$MYNACA" --dir "$1" --json tsa serve --port 0 > "$WORK/$2.out" 2> "$WORK/$2.err" &
  BACKGROUND+=($!)
  wait_for_line "$WORK/$2.out" listening
  TSA_URL=$(json_field "$(cat "$WORK/$2.out")" 'd["listening"]')
}
need_opensc_pkcs11() {  # -> sets OPENSC_PKCS11, the path of OpenSC's PKCS#11 module
  OPENSC_PKCS11=$(ls /usr/lib/*/opensc-pkcs11.so /usr/lib/opensc-pkcs11.so 2> /dev/null | head -n 1 || true)
  [ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"
}

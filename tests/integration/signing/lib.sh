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
# J-LIS (mynaca in $CA) with its first CRL and its OCSP responder on a free port (the port goes into
# the certificates), its TSA, and a card issued to 個人番号　花子 (PIN TEST_PIN, signature password
# TEST_PASSWORD) in a private pcscd (`mynasim run`). Needs MYNACA and MYNASIM. Sets sign_serial,
# auth_serial, ocsp_port and TSA; writes $WORK/sign.pem and $WORK/auth.pem; exports SIGN_PASSWORD
# and PCSCLITE_CSOCK_NAME. Not in a subshell: BACKGROUND must keep the servers' pids.
start_signing_world() {
  SIGN_PASSWORD=$TEST_PASSWORD
  export SIGN_PASSWORD
  ocsp_port=$(free_port)
  "$MYNACA" --dir "$CA" init --base-url "http://127.0.0.1:$ocsp_port" > /dev/null
  local issued
  issued=$("$MYNACA" --dir "$CA" --json issue --name "個人番号　花子" \
    --address "東京都千代田区霞が関２丁目１番２号" --birth 1980-02-17 --sex 2 --out "$WORK/card.img" \
    --pin-env TEST_PIN --sign-password-env SIGN_PASSWORD)
  sign_serial=$(json_field "$issued" 'd["sign_serial"]')
  auth_serial=$(json_field "$issued" 'd["auth_serial"]')
  "$MYNACA" --dir "$CA" show --serial "$sign_serial" --pem > "$WORK/sign.pem"
  "$MYNACA" --dir "$CA" show --serial "$auth_serial" --pem > "$WORK/auth.pem"
  "$MYNACA" --dir "$CA" crl > /dev/null
  "$MYNACA" --dir "$CA" ocsp serve --port "$ocsp_port" > "$WORK/ocsp.out" 2>&1 &
  BACKGROUND+=($!)
  wait_for_line "$WORK/ocsp.out" listening
  start_tsa "$CA" tsa
  TSA=$TSA_URL
  "$MYNASIM" run --card "$WORK/card.img" > "$WORK/run.env" 2> "$WORK/run.err" &
  BACKGROUND+=($!)
  wait_for_line "$WORK/run.env" '^MYNASIM_STACK='
  . "$WORK/run.env"
  export PCSCLITE_CSOCK_NAME
}

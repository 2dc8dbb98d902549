# Revocation fails closed while the OCSP responder is kept busy (issue 12 point 1). The responder
# is stopped with SIGSTOP: the kernel still accepts connections into its backlog, so the portal's
# OCSP request goes out and no answer ever comes, as when hostile clients hold the responder's
# workers. Every login then falls back to DIR/crl/auth-g01.crl, which mynaca writes anew at each
# revocation, hold and release, and which the portal counts only when it is at least as new as
# the last such change J-LIS's registry records:
#   (b) a held card is refused (CERT_ON_HOLD), (c) released, it logs in (checked by crl),
#   (a) revoked, it is refused (CERT_REVOKED, keyCompromise), checked by crl,
#   (d) with the CRL of before the revocation put back, refused (REVOCATION_UNAVAILABLE),
#   (e) with --soft-fail and that outdated CRL the card gets in with no current status
#       ("checked by none", the operator's explicit choice), and with the current CRL it is
#       refused again: soft-fail never lets a revocation the portal can see through.
# Usage: bash revocation_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_world
login() { tool login "$ORIGIN" --cacert "$TLS_CA" "$@"; }
refused() {  # WHAT: a login that must be refused; prints its output
  local out rc
  set +e
  out=$(login --pin-env TEST_PIN 2>&1); rc=$?
  set -e
  [ $rc -eq 1 ] || fail "$1: exit $rc: $out"
  echo "$out"
}
# The OCSP client's shortest deadline, where the portal has the option (h-http's --ocsp-timeout).
PORTAL_ARGS=()
if "$MYNAPORTAL" serve --help | grep -q -- --ocsp-timeout; then PORTAL_ARGS+=(--ocsp-timeout 500); fi
portal_up() {  # [ARGS...]: a new portal in place of the last one started
  kill "${BACKGROUND[-1]}"; wait "${BACKGROUND[-1]}" 2>/dev/null || true
  "$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal" --listen 127.0.0.1:0 --json \
    "${PORTAL_ARGS[@]}" "$@" > "$WORK/portal.log" 2> "$WORK/portal-err.log" &
  BACKGROUND+=($!)
  wait_for_line "$WORK/portal.log" '"listening"' 30
  ORIGIN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["listening"])' < "$WORK/portal.log")
}
portal_up

# The responder stops answering (it is let go before the cleanup kills it: a stopped process
# would not die of SIGTERM).
responder=$OCSP_PID
kill -STOP "$responder"
trap 'kill -CONT "$responder" 2> /dev/null || true; cleanup' EXIT
serial=$(mynaca --json show --card 1 | python3 -c \
  'import json,sys; print([c["serial"] for c in json.load(sys.stdin)["certificates"] if c["kind"] == "auth"][-1])')
CRL=$CA/crl/auth-g01.crl

# (b) on hold.
mynaca revoke --serial "$serial" --hold > /dev/null
out=$(refused "held card")
expect_contains "$out" "(CERT_ON_HOLD, reason certificateHold)" "held card"
expect_contains "$out" "checked by crl: OCSP did not answer" "held card: by the CRL"

# (c) released: logs in again, the status from the CRL the release wrote.
mynaca revoke --serial "$serial" --release > /dev/null
out=$(login --pin-env TEST_PIN 2>&1) || fail "released card: $out"
expect_contains "$out" "good (checked by crl" "released card"
cp "$CRL" "$WORK/before-revocation.crl"

# (a) revoked.
mynaca revoke --serial "$serial" --reason lost > /dev/null
out=$(refused "revoked card")
expect_contains "$out" "(CERT_REVOKED, reason keyCompromise)" "revoked card"
expect_contains "$out" "checked by crl: OCSP did not answer" "revoked card: by the CRL"
cp "$CRL" "$WORK/current.crl"

# (d) the CRL of before the revocation (the one the release wrote, maybe in the same second:
# its crlNumber tells) is outdated.
cp "$WORK/before-revocation.crl" "$CRL"
out=$(refused "outdated CRL")
expect_contains "$out" "(REVOCATION_UNAVAILABLE)" "outdated CRL"
expect_contains "$out" "OCSP did not answer and the CRL predates the last revocation" "outdated CRL"
expect_contains "$out" "predates the last revocation, hold or release the CA recorded" "outdated CRL"

# (e) soft-fail: the outdated CRL stands in, the card gets in with no current status...
portal_up --soft-fail
out=$(login --pin-env TEST_PIN 2>&1) || fail "soft-fail, outdated CRL: $out"
expect_contains "$out" "good (checked by none" "soft-fail, outdated CRL"
expect_contains "$out" "revocation checked by none" "soft-fail: the access record says so"
# ... and the current CRL refuses it (the portal reads the replaced file: no restart).
cp "$WORK/current.crl" "$CRL"
out=$(refused "soft-fail, current CRL")
expect_contains "$out" "(CERT_REVOKED, reason keyCompromise)" "soft-fail, current CRL"
echo "portal revocation: ok"

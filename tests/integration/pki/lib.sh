# Shared by the pki integration scripts. Usage: bash SCRIPT MYNACA
# Each script makes its own authority in a fresh directory, so scripts may run in parallel.
# Times are pinned with --now so that every date in the output is known in advance.
set -euo pipefail

MYNACA=${1:?usage: $0 MYNACA}
WORK=$(mktemp -d /tmp/mynaca-test.XXXXXX)
BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKGROUND[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
CA=$WORK/ca

# 2026-04-01T00:00:00Z = 09:00 JST. Holder born 1980-02-17: certificates end 2031-02-17 23:59:59 JST.
NOW=2026-04-01T00:00:00Z
NOW_EPOCH=1775001600
NOT_AFTER_EPOCH=1929106799  # 2031-02-17T14:59:59Z

export TEST_PIN=1234 TEST_PASSWORD=SIGNPASS1

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
expect_eq() {  # ACTUAL EXPECTED WHAT
  [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"
}
expect_contains() {  # TEXT NEEDLE WHAT
  grep -qF -- "$2" <<< "$1" || fail "$3: [$2] not found in: $1"
}
expect_not_contains() {  # TEXT NEEDLE WHAT
  if grep -qF -- "$2" <<< "$1"; then fail "$3: [$2] should not be in: $1"; fi
}
need() {  # PROGRAM DEBIAN-PACKAGE
  command -v "$1" > /dev/null || fail "$1 not found: install the Debian package $2"
}
need openssl openssl

mynaca() {
  "$MYNACA" --dir "$CA" --now "${AT:-$NOW}" "$@"
}
# Field of mynaca's JSON output: json_field JSON PYTHON-EXPRESSION-ON-d
json_field() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($2)" <<< "$1"
}

# The authority is made a month before the cards (2026-03-01), as J-LIS's CAs predate them.
INIT_AT=2026-03-01T00:00:00Z
init_authority() {
  AT=$INIT_AT mynaca init --base-url http://127.0.0.1:8090 > /dev/null
}

# issue_card NAME-OF-IMAGE [extra issue options] -> prints the JSON
issue_card() {
  local image=$1
  shift
  mynaca --json issue --name "個人番号　花子" --address "東京都千代田区霞が関２丁目１番２号" \
    --birth 1980-02-17 --sex 2 --out "$WORK/$image" --pin-env TEST_PIN \
    --sign-password-env TEST_PASSWORD "$@"
}

# cert_pem SERIAL FILE: writes the certificate as PEM
cert_pem() {
  mynaca show --serial "$1" --pem > "$2"
}

# An authority and one card (card.img, the holder above): sets $auth and $sign (serials) and
# writes $WORK/auth.pem and $WORK/sign.pem.
init_and_issue() {
  init_authority
  local out
  out=$(issue_card card.img)
  auth=$(json_field "$out" 'd["auth_serial"]')
  sign=$(json_field "$out" 'd["sign_serial"]')
  cert_pem "$sign" "$WORK/sign.pem"
  cert_pem "$auth" "$WORK/auth.pem"
}

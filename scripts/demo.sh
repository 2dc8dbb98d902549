#!/usr/bin/env bash
# The main job: a simulated J-LIS issues a card (keys made on the card, real JPKI certificates),
# the card is inserted into a private pcscd, and the holder's tool uses it over PC/SC only: reads
# it, verifies the PIN, signs with the authentication key, and checks the signature against the
# certificate read from the card. Then the use the card was made for: J-LIS's OCSP responder and
# mynaportal come up, the holder logs in with the card (jpki-login:1, docs/jpki-login.md), once
# directly and once completing a login page's code as a browser would, and "my page" is shown;
# then inside a real browser (chromium headless, the extension tools/extension and `mynatool
# native-host`), with a screenshot of my page at build/native-login.png. Last, a PDF signed
# with the card's signature key (PAdES B-T) and checked by poppler's pdfsig and mynatool.
# Everything lives in a temporary directory, removed at the end; servers listen on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
bin=$PWD/build/tools

work=$(mktemp -d /tmp/mynasim-demo.XXXXXX)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for_line() {  # FILE REGEX: up to 10 s
  for _ in $(seq 1 200); do grep -Eq -- "$2" "$1" 2> /dev/null && return 0; sleep 0.05; done
  echo "demo: no '$2' in $1: $(cat "$1")" >&2
  return 1
}
ocsp_port=$(free_port)
# Demo secrets go through the environment, never on a command line.
export DEMO_PIN=1234 DEMO_SIGN_PASSWORD=DEMOPASS1

echo "== 1. J-LIS (mynaca) sets up its CAs and issues a card"
"$bin/mynaca/mynaca" --dir "$work/ca" init --base-url "http://127.0.0.1:$ocsp_port" > /dev/null
"$bin/mynaca/mynaca" --dir "$work/ca" issue --name "個人番号　花子" \
  --address "東京都千代田区霞が関２丁目１番２号" --birth 1980-02-17 --sex 2 \
  --out "$work/card.img" --pin-env DEMO_PIN --sign-password-env DEMO_SIGN_PASSWORD

echo "== 2. the card goes into a reader of a private pcscd; mynatool uses it over PC/SC"
printf 'mynasim demo: log me in\n' > "$work/message"
export MYNATOOL=$bin/mynatool/mynatool WORK=$work
"$bin/mynasim/mynasim" exec --card "$work/card.img" -- bash -c '
  set -e
  "$MYNATOOL" readers
  "$MYNATOOL" info
  "$MYNATOOL" pin status
  "$MYNATOOL" cert --type auth --format text | grep -E "Issuer:|Subject:|Not After"
  echo "-- sign with the user-authentication key (APDU trace, PIN masked):"
  "$MYNATOOL" --trace sign --type auth --in "$WORK/message" --out "$WORK/message.sig" --pin-env DEMO_PIN
  "$MYNATOOL" verify --type auth --in "$WORK/message" --sig "$WORK/message.sig"'

echo "== 3. the signature checked by openssl against the card's certificate and J-LIS's CA"
"$bin/mynasim/mynasim" exec --card "$work/card.img" -- \
  "$bin/mynatool/mynatool" cert --type auth --format pem --out "$work/auth.pem" > /dev/null
openssl verify -CAfile "$work/ca/ca/auth.pem" "$work/auth.pem"
openssl x509 -in "$work/auth.pem" -pubkey -noout > "$work/auth.pub"
openssl dgst -sha256 -verify "$work/auth.pub" -signature "$work/message.sig" "$work/message"

echo "== 4. J-LIS's OCSP responder and mynaportal (HTTPS, certificate from the authority's TLS CA)"
"$bin/mynaca/mynaca" --dir "$work/ca" crl > /dev/null
"$bin/mynaca/mynaca" --dir "$work/ca" ocsp serve --port "$ocsp_port" > "$work/ocsp.log" 2>&1 &
servers+=($!)
wait_for_line "$work/ocsp.log" listening
"$bin/mynaportal/mynaportal" serve --ca "$work/ca" --data "$work/portal" --listen 127.0.0.1:0 \
  > "$work/portal.log" 2>&1 &
servers+=($!)
wait_for_line "$work/portal.log" listening
cat "$work/ocsp.log" "$work/portal.log"
origin=$(sed -n 's/^mynaportal listening on \(https:[^ ]*\) .*/\1/p' "$work/portal.log")

echo "== 5. the holder logs in with the card (PIN + origin-bound signature) and sees my page"
export ORIGIN=$origin TLS_CA=$work/ca/tls/ca.pem
"$bin/mynasim/mynasim" exec --card "$work/card.img" -- \
  "$bin/mynatool/mynatool" login "$origin" --cacert "$TLS_CA" --pin-env DEMO_PIN

echo "== 6. a browser's login page shows a code; mynatool completes it; the browser's my page"
# What the login page's script does (static/login.js): a same-origin JSON POST for the code.
curl -sS --cacert "$TLS_CA" -c "$work/browser.jar" -X POST -H "Origin: $origin" \
  -H 'Content-Type: application/json' -d '{}' "$origin/login/start" > "$work/login.json"
code=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])' < "$work/login.json")
echo "login page shows code $code (and its QR code)"
"$bin/mynasim/mynasim" exec --card "$work/card.img" -- \
  "$bin/mynatool/mynatool" login "$origin" --code "$code" --cacert "$TLS_CA" --pin-env DEMO_PIN
curl -sS --cacert "$TLS_CA" -b "$work/browser.jar" -c "$work/browser.jar" "$origin/login/status"
echo
curl -sS --cacert "$TLS_CA" -b "$work/browser.jar" "$origin/mypage" |
  python3 -c 'import html, re, sys; t = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", sys.stdin.read(), flags=re.S); t = re.sub(r"</(tr|p|h1|h2)>", "\n", t); print(html.unescape(re.sub(r"<[^>]+>", " ", t)))' |
  sed -e 's/  */ /g' -e '/^ *$/d'

echo "== 7. the same login inside a browser: chromium with the extension and mynatool native-host"
# The host manifest goes into the browser profile; the PIN dialog is a pinentry stand-in that
# answers DEMO_PIN as the holder would type it (docs/native-host.md).
"$bin/mynatool/mynatool" native-host install --user-data-dir "$work/profile"
mkdir -p "$work/pinentry"
PINENTRY=$PWD/tests/integration/tools/pinentry_standin.sh PINENTRY_DIR=$work/pinentry ONLY_LOGIN=1 LOGIN_PIN=$DEMO_PIN \
  "$bin/mynasim/mynasim" exec --card "$work/card.img" -- node tests/browser/native_login_test.mjs \
  "$origin" "$work/profile" "$PWD/tools/extension" - "$bin/mynasim/mynasim" \
  "$PWD/build/native-login.png"
echo "my page, logged in inside the browser: build/native-login.png"

echo "== 8. the holder signs a PDF with the card's signature key (PAdES B-T, J-LIS's TSA); pdfsig and mynatool check it"
"$bin/mynaca/mynaca" --dir "$work/ca" --json tsa serve --port 0 > "$work/tsa.log" 2> "$work/tsa.err" &
servers+=($!)
wait_for_line "$work/tsa.log" listening
tsa=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["listening"])' < "$work/tsa.log")
"$PWD/build/tests/pdf/make_test_pdf" --out "$work/application.pdf" --pages 2
"$bin/mynasim/mynasim" exec --card "$work/card.img" -- \
  "$bin/mynatool/mynatool" pdf sign --in "$work/application.pdf" --out "$work/signed.pdf" \
  --profile pades-b-t --tsa "$tsa" --reason "登記申請" --pin-env DEMO_SIGN_PASSWORD
# pdfsig (poppler) trusts what an NSS database trusts: J-LIS's signature CA. It asks the OCSP
# responder of step 4 whether the certificate is revoked.
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n "J-LIS signature CA" -t "CT,C,C" -a -i "$work/ca/ca/sign.pem"
pdfsig -nssdir "sql:$work/nss" "$work/signed.pdf"
# mynatool checks it at the time of signing (the timestamp's): ByteRange, what came after,
# the chain, the signature certificate's purpose, revocation (docs/signing.md).
"$bin/mynatool/mynatool" pdf verify "$work/signed.pdf" --ca "$work/ca"

#!/usr/bin/env bash
# The main job: a simulated J-LIS issues a card (keys made on the card, real JPKI certificates),
# the card is inserted into a private pcscd, and the holder's tool uses it over PC/SC only: reads
# it, verifies the PIN, signs with the authentication key, and checks the signature against the
# certificate read from the card. Everything lives in a temporary directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
bin=$PWD/build/tools

work=$(mktemp -d /tmp/mynasim-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Demo secrets go through the environment, never on a command line.
export DEMO_PIN=1234 DEMO_SIGN_PASSWORD=DEMOPASS1

echo "== 1. J-LIS (mynaca) sets up its CAs and issues a card"
"$bin/mynaca/mynaca" --dir "$work/ca" init > /dev/null
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

#!/bin/bash
# The municipal office over PC/SC: `mynaca office unblock` restores a blocked PIN with a new value
# (and is refused with another office key), `mynaca office renew` writes new certificates into the
# card in the reader. Usage: office_test.sh MYNASIM FIXTURE MYNATOOL MYNACA
. "$(dirname "$0")/../reader/lib.sh"
MYNATOOL=${3:?mynatool}
MYNACA=${4:?mynaca}
OFFICE_KEY=$CERTS/office-key.pem

start_stack --card "$CARD"
for wrong in 0000 1111 2222; do
  P=$wrong "$MYNATOOL" pin verify --pin-env P --allow-last-try 2> /dev/null && fail "wrong PIN accepted"
done
expect_eq "$("$MYNATOOL" --json pin status | python3 -c 'import json,sys; print(json.load(sys.stdin)["auth"]["state"])')" \
  blocked "auth PIN after three wrong values"

# Another office's key: the card refuses it and counts the try (63C9), nothing changes.
openssl genrsa -out "$WORK/other.pem" 2048 2> /dev/null
if NEW=5678 "$MYNACA" --dir "$WORK/none" office unblock --pin auth --pin-env NEW \
  --office-key "$WORK/other.pem" 2> "$WORK/other.err"; then
  fail "unblock with another office's key succeeded"
fi
grep -q "63C9" "$WORK/other.err" || fail "expected 63C9 in: $(cat "$WORK/other.err")"
# A badly formed new value is refused before the card is touched (usage, exit 2).
set +e
NEW=12345 "$MYNACA" --dir "$WORK/none" office unblock --pin auth --pin-env NEW \
  --office-key "$OFFICE_KEY" 2> /dev/null
expect_eq "$?" 2 "exit status for a 5-digit new PIN"
set -e

NEW=5678 "$MYNACA" --dir "$WORK/none" office unblock --pin auth --pin-env NEW --office-key "$OFFICE_KEY"
P=1234 "$MYNATOOL" pin verify --pin-env P 2> /dev/null && fail "the old PIN still works"
P=5678 "$MYNATOOL" pin verify --pin-env P
# The new value through a file descriptor; the signature password with --keep-value.
"$MYNACA" --dir "$WORK/none" office unblock --pin auth --pin-fd 3 --office-key "$OFFICE_KEY" 3<<< "4321"
P=4321 "$MYNATOOL" pin verify --pin-env P
"$MYNACA" --dir "$WORK/none" office unblock --pin sign --keep-value --office-key "$OFFICE_KEY"
P=DEMOPASS1 "$MYNATOOL" pin verify --type sign --pin-env P

# Renewal: an authority issues a card, the card goes into the reader, the office renews it.
"$MYNACA" --dir "$WORK/ca" init > /dev/null
P=1234 S=PASSWORD1 "$MYNACA" --dir "$WORK/ca" issue --name "個人番号　次郎" \
  --address "東京都千代田区永田町１丁目" --birth 1990-01-01 --sex 1 --out "$WORK/issued.img" \
  --pin-env P --sign-password-env S > /dev/null
"$MYNASIM" insert --card "$WORK/issued.img" > /dev/null
"$MYNACA" --dir "$WORK/ca" --json office renew > "$WORK/renew.json"
AUTH_SERIAL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["auth_serial"])' "$WORK/renew.json")
"$MYNATOOL" cert --type auth --format der --out "$WORK/auth.der"
ON_CARD=$(openssl x509 -inform der -in "$WORK/auth.der" -noout -serial | cut -d= -f2)
expect_eq "$((16#$ON_CARD))" "$AUTH_SERIAL" "serial of the certificate on the card after renewal"
openssl verify -CAfile "$WORK/ca/ca/auth.pem" <(openssl x509 -inform der -in "$WORK/auth.der") > /dev/null \
  || fail "the renewed certificate does not verify against the authority"
# The card from another authority is refused by name.
"$MYNASIM" insert --card "$CARD" > /dev/null
"$MYNACA" --dir "$WORK/ca" office renew 2> "$WORK/renew.err" && fail "renewed a foreign card"
grep -q "not issued by this authority" "$WORK/renew.err" || fail "$(cat "$WORK/renew.err")"
echo "office: OK"

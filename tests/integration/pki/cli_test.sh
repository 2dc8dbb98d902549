# mynaca's command line: malformed holder data and PINs are refused with a message naming the
# field, exit status 1 (2 for usage), and nothing is written; batch issuance from CSV and JSON;
# renewal after a change of address; list and show; --json everywhere.
source "$(dirname "$0")/lib.sh"
init_authority

cards_in_db() {
  json_field "$(mynaca --json list)" 'len(d["cards"])'
}
# refuse EXPECTED-STATUS EXPECTED-STDERR [issue options...]: runs `issue` for image bad.img
refuse() {
  local status=$1 message=$2
  shift 2
  local err rc=0
  err=$(mynaca issue --out "$WORK/bad.img" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD \
    "$@" 2>&1 > /dev/null) || rc=$?
  expect_eq "$rc" "$status" "exit status for [$message]"
  expect_eq "$err" "mynaca: $message" "message"
  [ ! -e "$WORK/bad.img" ] || fail "a card image was written for [$message]"
  expect_eq "$(cards_in_db)" "0" "no card recorded for [$message]"
}
HOLDER=(--name "個人番号　花子" --address "東京都千代田区霞が関２丁目１番２号" --sex 2)
refuse 1 'birth: "1980-02-30" is not a calendar date' "${HOLDER[@]}" --birth 1980-02-30
refuse 1 'birth: "H31-05-01" is not in the 平成 era (1989-01-08 to 2019-04-30)' "${HOLDER[@]}" --birth H31-05-01
refuse 1 'birth: "昭和65年1月1日" is not in the 昭和 era (1926-12-25 to 1989-01-07)' "${HOLDER[@]}" --birth 昭和65年1月1日
refuse 1 'birth: 2026-04-02 is in the future (today is 2026-04-01 JST)' "${HOLDER[@]}" --birth 2026-04-02
refuse 1 'name: is empty' --name "" --address "東京都千代田区霞が関" --birth 1980-02-17 --sex 2
refuse 1 "name: is 101 characters long; at most 100 are allowed" --name "$(printf '名%.0s' $(seq 1 101))" --address "東京都千代田区霞が関" --birth 1980-02-17 --sex 2
refuse 1 'address: is empty' --name "花子" --address "" --birth 1980-02-17 --sex 2
refuse 1 "address: is 201 characters long; at most 200 are allowed" --name "花子" --address "東京都千代田区$(printf 'x%.0s' $(seq 1 194))" --birth 1980-02-17 --sex 2
refuse 1 'sex: must be 1 (male), 2 (female) or 9 (not applicable)' --name "花子" --address "東京都千代田区" --birth 1980-02-17 --sex 3
refuse 1 'my-number: check digit is wrong: the 12th digit must be 7' "${HOLDER[@]}" --birth 1980-02-17 --my-number 621498320258
refuse 2 '--birth is required (or give --batch FILE)' "${HOLDER[@]}"
TEST_PIN=12345 refuse 1 'pin: the user-authentication PIN must be exactly 4 digits' "${HOLDER[@]}" --birth 1980-02-17
TEST_PASSWORD=signpass1 refuse 1 'sign-password: the signature password must be 6 to 16 characters of A-Z and 0-9 (upper case)' "${HOLDER[@]}" --birth 1980-02-17
unset TEST_PIN
refuse 1 'pin: environment variable TEST_PIN is not set' "${HOLDER[@]}" --birth 1980-02-17
export TEST_PIN=1234
touch "$WORK/bad.img"
err=$(mynaca issue "${HOLDER[@]}" --birth 1980-02-17 --out "$WORK/bad.img" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1) && fail "overwrote a card"
expect_eq "$err" "mynaca: out: $WORK/bad.img already exists (a card is never overwritten)" "existing image"
rm "$WORK/bad.img"

# --json errors name the field.
out=$(mynaca --json issue "${HOLDER[@]}" --birth 1980-02-30 --out "$WORK/bad.img" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>/dev/null) || true
expect_eq "$(json_field "$out" 'd["field"]')" "birth" "--json error field"

# Usage errors: exit status 2.
rc=0; "$MYNACA" --dir "$CA" revoke --serial 5 > /dev/null 2>&1 || rc=$?
expect_eq "$rc" "2" "revoke without an action"
rc=0; err=$("$MYNACA" --dir "$CA" revoke --serial 5 --reason stolen 2>&1) || rc=$?
expect_eq "$rc" "2" "unknown reason"
expect_contains "$err" 'reason: "stolen" is not one of: unspecified, lost, key-compromise' "unknown reason message"
rc=0; "$MYNACA" --dir "$CA" issue --frobnicate > /dev/null 2>&1 || rc=$?
expect_eq "$rc" "2" "unknown option"
rc=0; "$MYNACA" issue > /dev/null 2>&1 || rc=$?
expect_eq "$rc" "2" "no --dir"
rc=0; err=$("$MYNACA" --dir "$WORK/nowhere" list 2>&1) || rc=$?
expect_eq "$rc" "1" "no authority"
expect_eq "$err" "mynaca: $WORK/nowhere/mynaca.db: no authority database here (run \`mynaca init\` first)" "no authority message"
rc=0; err=$(mynaca init 2>&1) || rc=$?
expect_eq "$err" "mynaca: $CA: already holds an authority (mynaca.db)" "init twice"

# Batch, CSV: one row with its own PINs, the others from the environment; quoted fields.
mkdir "$WORK/cards"
cat > "$WORK/holders.csv" <<'CSV'
name,address,birth,sex,pin,sign_password
"山田　太郎","東京都新宿区西新宿２丁目８番１号",1975-05-05,1,5678,YAMADA1
"佐藤　花子","大阪府大阪市北区中之島１丁目３番２０号",S60-12-24,2,,
"鈴木　一郎, Jr.","北海道札幌市中央区北１条西２丁目",2012-01-01,9,,
CSV
out=$(mynaca --json issue --batch "$WORK/holders.csv" --out-dir "$WORK/cards" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD)
expect_eq "$(json_field "$out" 'len(d["issued"])')" "3" "batch: three cards"
expect_eq "$(json_field "$out" 'd["issued"][2]["sign_serial"]')" "None" "batch: the 14-year-old gets no signature certificate"
expect_eq "$(ls "$WORK/cards")" "card-0001.img
card-0002.img
card-0003.img" "batch: images"
expect_eq "$(json_field "$(mynaca --json show --card 3)" 'd["holder"]["name"]')" "鈴木　一郎, Jr." "batch: quoted comma"

# A bad row anywhere: nothing is issued.
cat > "$WORK/bad.csv" <<'CSV'
name,address,birth,sex
"田中　一","東京都港区芝公園４丁目２番８号",1990-01-01,1
"田中　二","東京都港区芝公園４丁目２番８号",1990-02-30,1
CSV
mkdir "$WORK/cards2"
rc=0; err=$(mynaca issue --batch "$WORK/bad.csv" --out-dir "$WORK/cards2" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1) || rc=$?
expect_eq "$rc" "1" "batch: bad row status"
expect_eq "$err" 'mynaca: batch: line 3: birth: "1990-02-30" is not a calendar date' "batch: bad row message"
expect_eq "$(ls "$WORK/cards2")" "" "batch: nothing written"
expect_eq "$(cards_in_db)" "3" "batch: nothing recorded"
printf 'name,address,birth,sex,shoe_size\n' > "$WORK/bad2.csv"
err=$(mynaca issue --batch "$WORK/bad2.csv" --out-dir "$WORK/cards2" 2>&1) && fail "unknown column"
expect_eq "$err" 'mynaca: batch: line 1: unknown column "shoe_size"' "batch: unknown column"

# Batch, JSON.
cat > "$WORK/holders.json" <<'JSON'
[{"name": "高橋　次郎", "address": "福岡県福岡市中央区天神１丁目８番１号", "birth": "平成2年3月4日", "sex": "1", "out": "takahashi.img"}]
JSON
out=$(mynaca --json issue --batch "$WORK/holders.json" --out-dir "$WORK/cards2" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD)
expect_eq "$(json_field "$out" 'd["issued"][0]["image"]')" "$WORK/cards2/takahashi.img" "json batch: out"

# Renewal after a change of address: the signature certificate is revoked for it, the
# authentication certificate superseded, the new ones written into the card image.
before=$(mynaca --json show --card 1)
old_sign=$(json_field "$before" '[c["serial"] for c in d["certificates"] if c["kind"]=="sign"][0]')
old_auth=$(json_field "$before" '[c["serial"] for c in d["certificates"] if c["kind"]=="auth"][0]')
out=$(AT=2026-05-01T00:00:00Z mynaca --json renew --card 1 --address "神奈川県横浜市中区日本大通１")
new_sign=$(json_field "$out" 'd["sign"]["serial"]')
expect_contains "$(json_field "$out" 'd["sign"]["subject"]')" "L=横浜市,L=神奈川県" "renew: new address"
expect_eq "$(json_field "$(mynaca --json show --serial "$old_sign")" 'd["reason"]')" "affiliationChanged" "renew: old signature certificate"
expect_eq "$(json_field "$(mynaca --json show --serial "$old_auth")" 'd["reason"]')" "superseded" "renew: old auth certificate"
cert_pem "$new_sign" "$WORK/new_sign.pem"
openssl x509 -in "$WORK/new_sign.pem" -outform DER -out "$WORK/new_sign.der"
python3 - "$WORK/cards/card-0001.img" "$WORK/new_sign.der" <<'PY' || fail "renew: the new certificate is not in the card image"
import sys
sys.exit(0 if open(sys.argv[2], "rb").read() in open(sys.argv[1], "rb").read() else 1)
PY

# Revoking by card for a change of name touches only the signature certificate.
out=$(mynaca --json revoke --card 2 --reason name-changed)
expect_eq "$(json_field "$out" '[c["kind"] for c in d["certificates"]]')" "['sign']" "name change: sign only"
err=$(mynaca revoke --serial "$(json_field "$(mynaca --json show --card 2)" '[c["serial"] for c in d["certificates"] if c["kind"]=="auth"][0]')" --reason name-changed 2>&1) && fail "name change on auth"
expect_contains "$err" "revokes signature certificates only" "name change on an auth certificate"

# list / show in text form.
expect_contains "$(mynaca list)" "山田　太郎" "list"
expect_contains "$(mynaca list --certificates)" "revoked(affiliationChanged)" "list --certificates"
expect_contains "$(mynaca show --serial "$old_sign")" "revoke affiliationChanged" "show: history"
echo "PASS"

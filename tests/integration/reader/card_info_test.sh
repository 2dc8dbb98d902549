# The card-info applications end to end through a private pcscd: mynatool reads the text
# application's My Number and attributes byte for byte (PIN, 照合番号A, 照合番号B), writes the card
# face as files that Debian's decoders read at the profile's sizes, checks the issuer signatures
# against the CV root the issuer exported, reports every PIN and 照合番号, and a wrong 照合番号
# answers 63Cx and costs a try.
# Usage: bash card_info_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}
need file file
need pngcheck pngcheck
need opj_decompress libopenjp2-tools

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME
tool() { "$MYNATOOL" "$@"; }
json_get() {  # PYTHON-EXPRESSION over the JSON document `d` on stdin
  "$PYTHON" -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# The fixed holder of `mynasim issue-test-card` (tools/mynasim/test_card.cpp): PIN 1234 for the
# text application, security code 2285, born 1990-04-01 (平成2年 -> 020401).
export TEXT_PIN=1234 MY_NUMBER=621498320257 WRONG_A=621498320258

# The My Number: the PIN and 照合番号A open it; the integrity file checks out against the root.
expect_eq "$(tool text my-number --pin-env TEXT_PIN --ca-cv "$FIXTURE/certs/cv-root.cvc")" \
  "621498320257
check cv-certificate:     ok (issuer 9000020/001, subject 9999999/001)
check integrity:          ok (signature over DF31-DF32; DF31 matches the My Number file; DF32 not compared (attributes not read))
check signed-ap-key:      ok (signature over DF51)
check card-signature:     ok (the AP's key signed a fresh challenge (80 2A 00 00))" \
  "text my-number with the PIN"
expect_eq "$(tool text my-number --pin-a --pin-env MY_NUMBER --json | json_get 'd["my_number"], d["credential"]')" \
  "621498320257 collation-a" "text my-number with 照合番号A"

# The attributes, with the PIN, byte for byte; the root as an SPKI PEM this time.
expect_eq "$(tool text attributes --pin-env TEXT_PIN --ca-cv "$FIXTURE/certs/cv-root.pub.pem")" \
  "name:       個人番号　太郎
address:    東京都千代田区永田町１丁目７番１号
birth date: 1990-04-01
sex:        1 (male)
check cv-certificate:     ok (issuer 9000020/001, subject 9999999/001)
check integrity:          ok (signature over DF31-DF32; DF31 not compared (My Number not read); DF32 matches the attributes)
check signed-ap-key:      ok (signature over DF51)
check card-signature:     ok (the AP's key signed a fresh challenge (80 2A 00 00))" \
  "text attributes with the PIN"
expect_eq "$(tool text attributes --pin-env TEXT_PIN --json | tr -d ' \n')" \
  '{"address":"東京都千代田区永田町１丁目７番１号","birth_date":"1990-04-01","checks":{"card-signature":{"detail":"theAP'"'"'skeysignedafreshchallenge(802A0000)","status":"ok"},"cv-certificate":{"detail":"notrustanchorgiven(theCVroot,--ca-cv)","status":"not_checked"},"integrity":{"detail":"signatureoverDF31-DF32;DF31notcompared(MyNumbernotread);DF32matchestheattributes","status":"ok"},"signed-ap-key":{"detail":"signatureoverDF51","status":"ok"}},"credential":"pin","name":"個人番号　太郎","sex":"1","sex_name":"male"}' \
  "text attributes --json"

# The card face with 照合番号A: every file decodes at the sizes of pki/card_info/card_face_profile.hpp.
tool surface --pin-a --pin-env MY_NUMBER --out "$WORK/face" --ca-cv "$FIXTURE/certs/cv-root.cvc" > "$WORK/surface.txt"
for f in name.png:512x48 address.png:512x96 security-code.png:24x12 my-number.png:72x12 photo.png:192x240; do
  name=${f%%:*} size=${f#*:}
  pngcheck -q "$WORK/face/$name" > /dev/null || fail "pngcheck refuses $name: $(pngcheck "$WORK/face/$name")"
  file -b "$WORK/face/$name" | grep -q "^PNG image data, ${size/x/ x }," || fail "$name: $(file -b "$WORK/face/$name")"
done
file -b "$WORK/face/photo.jp2" | grep -q "JPEG 2000" || fail "photo.jp2: $(file -b "$WORK/face/photo.jp2")"
opj_decompress -i "$WORK/face/photo.jp2" -o "$WORK/photo-opj.png" > /dev/null 2>&1 || fail "opj_decompress cannot decode photo.jp2"
expect_eq "$(file -b "$WORK/photo-opj.png" | cut -d, -f1-2)" "PNG image data, 192 x 240" "the photo decoded by OpenJPEG"
expect_eq "$(stat -c %a "$WORK/face")" "700" "surface --out: a new directory is 0700 (personal data)"
json=$(cat "$WORK/face/surface.json")
expect_eq "$(echo "$json" | json_get '" ".join(d["checks"][c]["status"] for c in ("cv-certificate", "card-face", "rendered-my-number", "basic-data", "card-signature"))')" \
  "ok ok ok ok ok" "surface checks with 照合番号A and the root"
expect_eq "$(echo "$json" | json_get 'd["birth_date"], d["sex"], d["municipality_code"], d["files"]["photo"]["width"], d["files"]["photo"]["height"]')" \
  "1990-04-01 1 13101 192 240" "surface.json"
expiry_year=$(echo "$json" | json_get 'd["expiry"][:4]')

# 照合番号B: 和暦 birth date + expiry year + security code. It opens the face, not the number.
export CODE_B=020401${expiry_year}2285 WRONG_B=020401${expiry_year}2286
tool --json surface --pin-b --pin-env CODE_B --out "$WORK/face-b" > "$WORK/b.json"
expect_eq "$(json_get 'd["checks"]["rendered-my-number"]["status"], d["checks"]["cv-certificate"]["status"], d["checks"]["card-face"]["status"]' < "$WORK/b.json")" \
  "not_checked not_checked ok" "surface with 照合番号B"
[ ! -e "$WORK/face-b/my-number.png" ] || fail "照合番号B wrote the rendered My Number"
cmp -s "$WORK/face/photo.jp2" "$WORK/face-b/photo.jp2" || fail "the photo differs between A and B"
# With neither flag, the value's length chooses (14 digits: B).
tool surface --pin-env CODE_B --out "$WORK/face-auto" > /dev/null
expect_eq "$(json_get 'd["credential"]' < "$WORK/face-auto/surface.json")" "collation-b" "surface chooses B by length"

# The age record with the 生年月日 key alone (和暦 YYMMDD): the birth date and nothing more.
export BIRTH_KEY=020401
expect_eq "$(tool surface --birth-date --pin-env BIRTH_KEY --out "$WORK/age" --ca-cv "$FIXTURE/certs/cv-root.cvc")" \
  "birth date:        1990-04-01
wrote $WORK/age/age.json
check cv-certificate:     ok (issuer 9000020/001, subject 9999999/001)
check age-record:         ok (signature over DF11-DF12)
check card-signature:     ok (the AP's key signed a fresh challenge (80 2A 00 00))" "surface --birth-date"
[ ! -e "$WORK/age/name.png" ] || fail "the 生年月日 key wrote the card face"

# Every PIN and 照合番号, untouched so far (every VERIFY was right).
expect_eq "$(tool --json pin status | json_get '" ".join(a + "." + k + "=" + v["state"] + ":" + str(v["tries_left"]) for a in ("text", "surface", "common", "juki") for k, v in d[a]["keys"].items())')" \
  "text.blocked-0012=blocked:0 text.collation-a=tries_left:10 text.collation-b=tries_left:10 text.pin=tries_left:3 surface.birth-date=tries_left:10 surface.collation-a=tries_left:10 surface.collation-b=tries_left:10 common.pin=tries_left:3 juki.pin=tries_left:3" \
  "pin status --json for every key"
expect_eq "$(tool pin status | awk '$1 == "surface" || $1 == "common" { print $1, $2, $3, $4, $5, $6 }')" \
  "surface birth-date 0011 10 tries left
surface collation-b 0012 10 tries left
surface collation-a 0013 10 tries left
common pin 001C 3 tries left" "pin status table"

# A wrong 照合番号 answers 63Cx and costs a try, like a PIN; the message says how many are left.
set +e
out=$(tool --trace text my-number --pin-a --pin-env WRONG_A 2> "$WORK/trace.txt"); rc=$?
set -e
expect_eq "$rc" 1 "exit status after a wrong 照合番号A"
grep -q '^< 63 C9 (TRIES LEFT)$' "$WORK/trace.txt" || fail "no 63C9 after a wrong 照合番号A: $(cat "$WORK/trace.txt")"
grep -q "mynatool: wrong 照合番号A (the My Number, 12 digits): 9 tries left" "$WORK/trace.txt" || fail "wrong-A message: $(tail -1 "$WORK/trace.txt")"
grep -q "$WRONG_A\|$MY_NUMBER" "$WORK/trace.txt" && fail "the 照合番号 appears in the trace"
set +e
out=$(tool surface --pin-b --pin-env WRONG_B --out "$WORK/face-wrong" 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status after a wrong 照合番号B"
expect_eq "$out" "mynatool: wrong 照合番号B (birth date YYMMDD in the Japanese era + expiry year + security code, 14 digits): 9 tries left" "wrong-B message"
expect_eq "$(tool --json pin status | json_get 'd["text"]["keys"]["collation-a"]["tries_left"], d["surface"]["keys"]["collation-b"]["tries_left"], d["text"]["keys"]["collation-b"]["tries_left"]')" \
  "9 9 10" "each wrong 照合番号 cost one try of its own key"
# The right value restores the counter.
tool text my-number --pin-a --pin-env MY_NUMBER > /dev/null
expect_eq "$(tool --json pin status | json_get 'd["text"]["keys"]["collation-a"]["tries_left"]')" "10" "counter restored"

# Refusals that name the problem: the wrong credential for a file, a root that is not one.
set +e
out=$(tool text attributes --pin-a --pin-env MY_NUMBER 2>&1); rc=$?
set -e
expect_eq "$rc:$out" "1:mynatool: 照合番号A does not open the attributes: use the PIN or --pin-b" "A for the attributes"
printf 'not a key' > "$WORK/bad-root"
set +e
out=$(tool text my-number --pin-env TEXT_PIN --ca-cv "$WORK/bad-root" 2>&1); rc=$?
set -e
expect_eq "$rc:$out" "1:mynatool: $WORK/bad-root: the CV trust anchor: neither a CV certificate (7F21) nor a public key or certificate in PEM or DER" "a bad --ca-cv"
# A root that is not this card's issuer: the check fails, and so does the command.
"$PYTHON" - "$FIXTURE/certs/cv-root.cvc" "$WORK/other-root.cvc" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[10 + 16] ^= 0x01  # the first digit of the subject key id (9 -> 8): another root
open(sys.argv[2], "wb").write(data)
PY
set +e
out=$(tool text my-number --pin-env TEXT_PIN --ca-cv "$WORK/other-root.cvc" 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status with a foreign root"
echo "$out" | grep -q "^check cv-certificate:     failed" || fail "foreign root: $out"
echo PASS

# mynaca issue fills the card-info applications: `--photo` takes a PNG portrait, the security
# code and expiry are reported, the card-info CV root is exported at init; the issued card is
# read through a private pcscd by mynatool (surface with 照合番号B, text with the text PIN), the
# issuer's signatures check out, the CV certificate verifies with `openssl dgst` against the
# exported root. Refusals (a photo that is no image, a name too wide for the card face, a bad
# municipality code) name the field and write nothing.
# Usage: bash card_info_test.sh MYNACA MYNASIM MYNATOOL
source "$(dirname "$0")/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL}
need python3 python3

init_authority
roots=$(mynaca --json ca list)
root_cvc=$(json_field "$roots" 'd["card_info_root"]["root_certificate"]')
root_pem=$(json_field "$roots" 'd["card_info_root"]["root_public_key"]')
expect_eq "$root_cvc" "$CA/ca/cv-root.cvc" "root certificate path"
expect_eq "$(json_field "$roots" 'd["card_info_root"]["root_key_id"]')" "9000020/001" "root key id"
expect_eq "$(json_field "$roots" 'd["card_info_root"]["signer_key_id"]')" "9999999/001" "signer key id"
expect_eq "$(stat -c %s "$root_cvc")" "568" "root CV certificate size"
expect_eq "$(stat -c %a "$CA/private/cv-signer.key.pem")" "600" "signer key mode"
openssl pkey -pubin -in "$root_pem" -noout || fail "openssl cannot read $root_pem"

# The signer's CV certificate (= EF 0004): 5F37 over the 297-byte body, by the root, checked by
# openssl on its own. Layout: 7F21 82 0233 | 5F4E 82 0129 body | 5F37 82 0100 signature.
dd if="$CA/ca/cv-signer.cvc" of="$WORK/body.bin" bs=1 skip=10 count=297 status=none
dd if="$CA/ca/cv-signer.cvc" of="$WORK/sig.bin" bs=1 skip=312 count=256 status=none
openssl dgst -sha256 -verify "$root_pem" -signature "$WORK/sig.bin" "$WORK/body.bin" > /dev/null ||
  fail "openssl: the signer's CV certificate does not verify against the root"

# A portrait: a 300x400 RGB PNG written by Python's standard library.
python3 - "$WORK/portrait.png" <<'PY'
import struct, sys, zlib
w, h = 300, 400
rows = b"".join(
    b"\0" + b"".join(bytes((x * 255 // w, y * 255 // h, 128)) for x in range(w)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

# Refusals first: nothing is written, no card is recorded.
refuse() {  # EXPECTED-MESSAGE-PREFIX [issue options...]
  local prefix=$1
  shift
  local err rc=0
  err=$(mynaca issue --birth 1980-02-17 --sex 2 --out "$WORK/bad.img" --pin-env TEST_PIN \
    --sign-password-env TEST_PASSWORD "$@" 2>&1 > /dev/null) || rc=$?
  expect_eq "$rc" "1" "exit status for [$prefix]"
  expect_eq "${err:0:${#prefix}}" "$prefix" "message"
  [ ! -e "$WORK/bad.img" ] || fail "a card image was written for [$prefix]"
  expect_eq "$(json_field "$(mynaca --json list)" 'len(d["cards"])')" "0" "no card for [$prefix]"
}
echo "not an image" > "$WORK/photo.txt"
refuse "mynaca: photo: $WORK/photo.txt: neither a PNG nor a JPEG file" \
  --name "個人番号　花子" --address "東京都千代田区霞が関２丁目１番２号" --photo "$WORK/photo.txt"
refuse "mynaca: name: does not fit the card face's name image (512x48 px, one line at 16 px or larger): it needs" \
  --name "$(printf '龍%.0s' $(seq 1 40))" --address "東京都千代田区霞が関２丁目１番２号"
refuse "mynaca: address: does not fit the card face's address image (512x96 px" \
  --name "個人番号　花子" --address "東京都千代田区$(printf '霞が関二丁目%.0s' $(seq 1 30))"
refuse "mynaca: municipality: 5 digits are needed" \
  --name "個人番号　花子" --address "東京都千代田区霞が関２丁目１番２号" --municipality 1310
TEXT_PIN=12a4 refuse "mynaca: text-pin: must be exactly 4 digits" --text-pin-env TEXT_PIN \
  --name "個人番号　花子" --address "東京都千代田区霞が関２丁目１番２号"

export TEXT_PIN=5678 RESIDENT_PIN=4321
out=$(issue_card card.img --photo "$WORK/portrait.png" --municipality 27100 \
  --text-pin-env TEXT_PIN --resident-pin-env RESIDENT_PIN)
code=$(json_field "$out" 'd["security_code"]')
[[ "$code" =~ ^[0-9]{4}$ ]] || fail "security code [$code] is not 4 digits"
expect_eq "$(json_field "$out" 'd["expiry"]')" "2031-02-17" "expiry = the certificates' last day"
expect_eq "$(json_field "$out" 'd["municipality"]')" "27100" "municipality"
my_number=$(json_field "$out" 'd["my_number"]')
text=$(mynaca issue --name "個人番号　太郎" --address "大阪府大阪市北区中之島１丁目３番２０号" \
  --birth 1990-04-01 --sex 1 --out "$WORK/card2.img" --pin-env TEST_PIN \
  --sign-password-env TEST_PASSWORD)
expect_contains "$text" "card face: security code " "terminal output"
expect_contains "$text" ", expiry 2031-04-01, municipality 13101" "terminal output"

# Read the card back through a private pcscd. 照合番号B = 昭和55 0217 + 2031 + the code.
export COLLATION_B=5502172031$code
READ=$WORK/read
mkdir "$READ"
"$MYNASIM" exec --card "$WORK/card.img" -- bash -c "
  '$MYNATOOL' --json surface --pin-b --pin-env COLLATION_B --ca-cv '$root_cvc' --out '$READ' > '$READ/surface.out' &&
  '$MYNATOOL' --json text attributes --pin-env TEXT_PIN > '$READ/attributes.json' &&
  '$MYNATOOL' --json text my-number --pin-env TEXT_PIN > '$READ/my-number.json'" ||
  fail "reading the card back: $(cat "$READ"/*.out 2>/dev/null)"
surface=$(cat "$READ/surface.json")
for check in cv-certificate card-face basic-data; do
  expect_eq "$(json_field "$surface" "d['checks']['$check']['status']")" "ok" "surface check $check"
done
expect_eq "$(json_field "$surface" 'd["expiry"]')" "2031-02-17" "expiry on the card face"
expect_eq "$(json_field "$surface" 'd["municipality_code"]')" "27100" "municipality on the card"
attributes=$(cat "$READ/attributes.json")
expect_eq "$(json_field "$attributes" 'd["name"]')" "個人番号　花子" "name in the text AP"
expect_contains "$(cat "$READ/my-number.json")" "$my_number" "My Number in the text AP"
# The images as the profile states them (PNG IHDR; JP2 ihdr box: height, width).
size_of() {
  python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
if d[:8] == b"\x89PNG\r\n\x1a\n":
    w, h, depth, colour = struct.unpack(">IIBB", d[16:26]); print(f"png {w}x{h} depth {depth} colour {colour}")
else:
    i = d.index(b"ihdr"); h, w, n = struct.unpack(">IIH", d[i + 4:i + 14]); print(f"jp2 {w}x{h} components {n}")
PY
}
expect_eq "$(size_of "$READ/name.png")" "png 512x48 depth 1 colour 0" "name image"
expect_eq "$(size_of "$READ/address.png")" "png 512x96 depth 1 colour 0" "address image"
expect_eq "$(size_of "$READ/security-code.png")" "png 24x12 depth 1 colour 0" "security-code image"
expect_eq "$(size_of "$READ/photo.jp2")" "jp2 192x240 components 1" "photo"
echo "ok"

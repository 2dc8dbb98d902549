# `mynaca tsa serve` (RFC 3161 over HTTP on tools/common/http) with curl and `openssl ts` as the
# clients: a token that `openssl ts -verify` accepts against DIR/tsa/ca.pem with the request's
# nonce, serials that keep rising across a restart and a kill -9, and the refusals: another
# media type (415), a body over 4 KiB (413), GET (405), garbage (a TSA error response, 200).
source "$(dirname "$0")/lib.sh"
need curl curl
"$MYNACA" --dir "$CA" init > /dev/null

start_tsa() {  # NAME -> sets URL, TSA_PID
  "$MYNACA" --dir "$CA" --json tsa serve --port 0 > "$WORK/$1.out" &
  TSA_PID=$!
  BACKGROUND+=("$TSA_PID")
  for _ in $(seq 1 200); do grep -q listening "$WORK/$1.out" 2>/dev/null && break; sleep 0.05; done
  URL=$(json_field "$(cat "$WORK/$1.out")" 'd["listening"]') || fail "TSA $1 did not start"
}
stamp() {  # NAME: a query over $WORK/data, posted; the reply in $WORK/NAME.tsr
  openssl ts -query -data "$WORK/data" -sha256 -cert -out "$WORK/$1.tsq" 2> /dev/null
  curl -s --data-binary @"$WORK/$1.tsq" -H 'Content-Type: application/timestamp-query' \
    -D "$WORK/$1.head" -o "$WORK/$1.tsr" "$URL"
}
serial_of() {
  openssl ts -reply -in "$WORK/$1.tsr" -text 2> /dev/null | sed -n 's/^Serial number: //p'
}
printf 'a document to stamp' > "$WORK/data"

start_tsa first
expect_eq "$(json_field "$(cat "$WORK/first.out")" 'd["policy"]')" \
  "2.25.65551143195753108448804472489039826848.1" "policy"
stamp one
expect_contains "$(cat "$WORK/one.head")" "Content-Type: application/timestamp-reply" "reply type"
expect_eq "$(openssl ts -verify -queryfile "$WORK/one.tsq" -in "$WORK/one.tsr" \
  -CAfile "$CA/tsa/ca.pem" 2> /dev/null)" "Verification: OK" "openssl ts -verify (nonce, imprint, chain)"
openssl x509 -in "$CA/tsa/tsa.pem" -noout -ext extendedKeyUsage > "$WORK/eku.txt"
expect_contains "$(cat "$WORK/eku.txt")" "Extended Key Usage: critical" "EKU critical"
expect_contains "$(cat "$WORK/eku.txt")" "Time Stamping" "EKU timeStamping"
# Another request's nonce does not match this reply.
openssl ts -query -data "$WORK/data" -sha256 -cert -out "$WORK/other.tsq" 2> /dev/null
if openssl ts -verify -queryfile "$WORK/other.tsq" -in "$WORK/one.tsr" -CAfile "$CA/tsa/ca.pem" \
  > /dev/null 2>&1; then fail "a reply verified against another request's nonce"; fi
stamp two
expect_eq "$(serial_of one) $(serial_of two)" "0x01 0x02" "serials"

# Refusals.
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$WORK/one.tsq" \
  -H 'Content-Type: application/octet-stream' "$URL")" 415 "another media type"
head -c 5000 /dev/zero > "$WORK/big"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$WORK/big" \
  -H 'Content-Type: application/timestamp-query' "$URL")" 413 "a body over 4 KiB"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" 405 "GET"
printf 'not DER at all' > "$WORK/garbage.tsq"
curl -s --data-binary @"$WORK/garbage.tsq" -H 'Content-Type: application/timestamp-query' \
  -o "$WORK/garbage.tsr" -w '%{http_code}' "$URL" > "$WORK/garbage.code"
expect_eq "$(cat "$WORK/garbage.code")" 200 "garbage: still a TimeStampResp"
expect_contains "$(openssl ts -reply -in "$WORK/garbage.tsr" -text 2>&1)" \
  "Failure info: the data submitted has the wrong format" "garbage: badDataFormat"
stamp three  # the server is still up
expect_eq "$(serial_of three)" "0x03" "after the refusals"

# SIGTERM, then kill -9: the serials go on from the registry.
kill "$TSA_PID"
wait "$TSA_PID" || fail "the TSA did not stop cleanly on SIGTERM"
start_tsa second
stamp four
expect_eq "$(serial_of four)" "0x04" "after a restart"
kill -9 "$TSA_PID"
wait "$TSA_PID" 2> /dev/null || true
start_tsa third
stamp five
expect_eq "$(serial_of five)" "0x05" "after kill -9"
expect_eq "$(openssl ts -verify -queryfile "$WORK/five.tsq" -in "$WORK/five.tsr" \
  -CAfile "$CA/tsa/ca.pem" 2> /dev/null)" "Verification: OK" "the same TSA after restarts"
echo PASS

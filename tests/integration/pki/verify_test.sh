# `openssl verify` on what mynaca writes: the chain, validity times, a tampered signature, the
# wrong CA, policies per purpose, and a CA change with link certificates.
source "$(dirname "$0")/lib.sh"
init_and_issue

verify() {  # prints openssl's verdict, never fails the script itself
  openssl verify "$@" 2>&1 || true
}
at=$((NOW_EPOCH + 86400))
expect_eq "$(verify -attime $at -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "$WORK/sign.pem: OK" "sign chains to the signature CA"
expect_eq "$(verify -attime $at -CAfile "$CA/ca/auth.pem" "$WORK/auth.pem")" "$WORK/auth.pem: OK" "auth chains to the authentication CA"

# Wrong CA: each certificate against the other hierarchy.
expect_contains "$(verify -attime $at -CAfile "$CA/ca/auth.pem" "$WORK/sign.pem")" "error 20 at 0 depth lookup: unable to get local issuer certificate" "sign under the auth CA"
expect_contains "$(verify -attime $at -CAfile "$CA/ca/sign.pem" "$WORK/auth.pem")" "error 20 at 0 depth lookup: unable to get local issuer certificate" "auth under the sign CA"

# Validity: a second before notAfter is valid, a second after is expired (OpenSSL already
# counts notAfter itself as expired); a second before issuance is not yet valid.
expect_eq "$(verify -attime $((NOT_AFTER_EPOCH - 1)) -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "$WORK/sign.pem: OK" "valid before notAfter"
expect_contains "$(verify -attime $((NOT_AFTER_EPOCH + 1)) -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "error 10 at 0 depth lookup: certificate has expired" "expired"
expect_contains "$(verify -attime $((NOW_EPOCH - 1)) -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "error 9 at 0 depth lookup: certificate is not yet valid" "not yet valid"

# Tampered: one bit of the signature, then one byte of the signed part (the name).
openssl x509 -in "$WORK/sign.pem" -outform DER -out "$WORK/sign.der"
python3 - "$WORK/sign.der" "$WORK/bad-sig.der" "$WORK/bad-tbs.der" <<'PY'
import sys
der = bytearray(open(sys.argv[1], "rb").read())
sig = bytearray(der); sig[-1] ^= 0x01; open(sys.argv[2], "wb").write(sig)
tbs = bytearray(der); at = tbs.find("千代田区".encode()); tbs[at + 3] ^= 0x01; open(sys.argv[3], "wb").write(tbs)
PY
for bad in bad-sig bad-tbs; do
  openssl x509 -inform DER -in "$WORK/$bad.der" -out "$WORK/$bad.pem"
  expect_contains "$(verify -attime $at -CAfile "$CA/ca/sign.pem" "$WORK/$bad.pem")" "error 7 at 0 depth lookup: certificate signature failure" "tampered ($bad)"
done

# Policies: each certificate carries its purpose's policy and not the other's.
SIGN_POLICY=1.2.392.200149.8.5.1.1.20
AUTH_POLICY=1.2.392.200149.8.5.1.3.30
expect_eq "$(verify -attime $at -explicit_policy -policy $SIGN_POLICY -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "$WORK/sign.pem: OK" "sign policy"
expect_eq "$(verify -attime $at -explicit_policy -policy $AUTH_POLICY -CAfile "$CA/ca/auth.pem" "$WORK/auth.pem")" "$WORK/auth.pem: OK" "auth policy"
expect_contains "$(verify -attime $at -explicit_policy -policy $AUTH_POLICY -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "no explicit policy" "a signature certificate has no login policy"
expect_contains "$(verify -attime $at -explicit_policy -policy $SIGN_POLICY -CAfile "$CA/ca/auth.pem" "$WORK/auth.pem")" "no explicit policy" "an authentication certificate has no signing policy"

# A CA change: generation 2 issues the next card; old and new cards verify against the bundle;
# a relying party that trusts only generation 1 reaches generation 2 through the link certificate.
AT=2026-05-01T00:00:00Z mynaca ca new-generation --hierarchy sign > /dev/null
out=$(AT=2026-05-01T00:00:00Z issue_card card2.img)
sign2=$(json_field "$out" 'd["sign_serial"]')
cert_pem "$sign2" "$WORK/sign2.pem"
at2=$((NOW_EPOCH + 40 * 86400))
expect_contains "$(openssl x509 -in "$WORK/sign2.pem" -noout -text)" "URI:http://127.0.0.1:8090/crl/sign-g02.crl" "generation 2 CRL DP"
expect_eq "$(verify -attime $at2 -CAfile "$CA/ca/sign.pem" "$WORK/sign2.pem")" "$WORK/sign2.pem: OK" "new card, bundle"
expect_eq "$(verify -attime $at2 -CAfile "$CA/ca/sign.pem" "$WORK/sign.pem")" "$WORK/sign.pem: OK" "old card, bundle"
expect_contains "$(verify -attime $at2 -CAfile "$CA/ca/sign-g01.pem" "$WORK/sign2.pem")" "error 20" "new card, old root only"
expect_eq "$(verify -attime $at2 -CAfile "$CA/ca/sign-g01.pem" -untrusted "$CA/ca/sign-g02-by-sign-g01.pem" "$WORK/sign2.pem")" "$WORK/sign2.pem: OK" "new card via NewWithOld"
expect_eq "$(verify -attime $at2 -CAfile "$CA/ca/sign-g02.pem" -untrusted "$CA/ca/sign-g01-by-sign-g02.pem" "$WORK/sign.pem")" "$WORK/sign.pem: OK" "old card via OldWithNew"
expect_contains "$(verify -attime $at2 -CAfile "$CA/ca/sign-g02.pem" "$WORK/sign.pem")" "error 20" "old card, new root only"
echo "PASS"

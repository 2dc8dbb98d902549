# `openssl x509 -text` on the certificates mynaca issues: every field of the two profiles.
source "$(dirname "$0")/lib.sh"
init_and_issue

text=$(openssl x509 -in "$WORK/sign.pem" -noout -text -nameopt utf8,sep_comma_plus_space)
expect_contains "$text" "Signature Algorithm: sha256WithRSAEncryption" "sign: algorithm"
expect_contains "$text" "Public-Key: (2048 bit)" "sign: key size"
expect_contains "$text" "Issuer: C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems" "sign: issuer"
expect_contains "$text" "Subject: C=JP, L=東京都, L=千代田区, CN=20260401090000" "sign: subject"
expect_contains "$text" "Not Before: Apr  1 00:00:00 2026 GMT" "sign: notBefore"
expect_contains "$text" "Not After : Feb 17 14:59:59 2031 GMT" "sign: notAfter (5th birthday, 23:59:59 JST)"
expect_contains "$text" "othername: 1.2.392.200149.8.5.5.1::個人番号　花子, othername: 1.2.392.200149.8.5.5.4::319800217, othername: 1.2.392.200149.8.5.5.3::2, othername: 1.2.392.200149.8.5.5.5::東京都千代田区霞が関２丁目１番２号, othername: 1.2.392.200149.8.5.5.2::0000000, othername: 1.2.392.200149.8.5.5.6::00000000000000000" "sign: subjectAltName in the card's order"
expect_contains "$text" "X509v3 Key Usage: critical
                Digital Signature, Non Repudiation" "sign: key usage"
expect_contains "$text" "Policy: 1.2.392.200149.8.5.1.1.20" "sign: policy"
expect_contains "$text" "X509v3 Issuer Alternative Name:" "sign: issuerAltName"
expect_contains "$text" "URI:http://127.0.0.1:8090/crl/sign-g01.crl" "sign: CRL DP"
expect_contains "$text" "OCSP - URI:http://127.0.0.1:8090/ocsp" "sign: AIA"
ian=$(openssl asn1parse -in "$WORK/sign.pem" -strparse "$(openssl asn1parse -in "$WORK/sign.pem" | grep -A1 'X509v3 Issuer Alternative Name' | tail -1 | cut -d: -f1 | tr -d ' ')" 2>/dev/null || true)
expect_contains "$ian" "UTF8STRING        :公的個人認証サービス" "sign: issuerAltName DirName O"

text=$(openssl x509 -in "$WORK/auth.pem" -noout -text -nameopt utf8,sep_comma_plus_space)
subject=$(openssl x509 -in "$WORK/auth.pem" -noout -subject -nameopt utf8,sep_comma_plus_space)
[[ "$subject" =~ ^subject=C=JP,\ CN=20260401090000[0-9]{8}999999$ ]] || fail "auth: subject is [$subject]"
expect_contains "$text" "Issuer: C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems" "auth: issuer"
expect_not_contains "$text" "Subject Alternative Name" "auth: no personal data"
expect_not_contains "$text" "花子" "auth: no name"
expect_not_contains "$text" "東京都" "auth: no address"
expect_contains "$text" "X509v3 Key Usage: critical
                Digital Signature
" "auth: key usage"
expect_contains "$text" "Policy: 1.2.392.200149.8.5.1.3.30" "auth: policy"
expect_contains "$text" "URI:http://127.0.0.1:8090/crl/auth-g01.crl" "auth: CRL DP"

text=$(openssl x509 -in "$CA/ca/sign-g01.pem" -noout -text -nameopt utf8,sep_comma_plus_space)
expect_contains "$text" "Subject: C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems" "CA: subject"
expect_contains "$text" "X509v3 Basic Constraints: critical
                CA:TRUE" "CA: basic constraints"
expect_contains "$text" "X509v3 Key Usage: critical
                Certificate Sign, CRL Sign" "CA: key usage"
expect_contains "$text" "Not After : Mar  1 00:00:00 2036 GMT" "CA: ten years"

text=$(openssl x509 -in "$CA/ca/sign-g01-ocsp.pem" -noout -text)
expect_contains "$text" "OCSP Signing" "responder: EKU"
expect_contains "$text" "OCSP No Check" "responder: nocheck"
echo "PASS"

# pkcs15-tool sees the JPKI structure (2 PINs, 2 private keys, 4 certificates) and reads every
# certificate byte for byte as issued (the signature certificate after the signature password).
. "$(dirname "$0")/lib.sh"
need pkcs15-tool opensc
need openssl openssl

dump=$("$MYNASIM" exec --card "$CARD" -- pkcs15-tool -D 2> /dev/null)
expect_eq "$(grep -c '^PIN \[' <<< "$dump")" 2 "PINs"
expect_eq "$(grep -c '^Private RSA Key \[' <<< "$dump")" 2 "private keys"
expect_eq "$(grep -c '^X.509 Certificate \[' <<< "$dump")" 4 "certificates"
expect_eq "$(grep -E '^(PIN|Private RSA Key|X.509 Certificate) \[' <<< "$dump")" \
  "PIN [User Authentication PIN]
PIN [Digital Signature PIN]
Private RSA Key [User Authentication Key]
Private RSA Key [Digital Signature Key]
X.509 Certificate [User Authentication Certificate]
X.509 Certificate [Digital Signature Certificate]
X.509 Certificate [User Authentication Certificate CA]
X.509 Certificate [Digital Signature Certificate CA]" "object names"
expect_eq "$(grep 'Tries left' <<< "$dump" | tr -s ' \t' ' ')" $' Tries left : 3\n Tries left : 5' "tries left"

# Certificates 1, 3, 4 are public; 2 (digital signature) needs the signature password, passed
# through the environment (never on a command line).
export SIGN_PASSWORD=DEMOPASS1
"$MYNASIM" exec --card "$CARD" -- sh -c "
  pkcs15-tool --read-certificate 1 > '$WORK/1.pem' &&
  pkcs15-tool --verify-pin --auth-id 02 --pin env:SIGN_PASSWORD --read-certificate 2 > '$WORK/2.pem' &&
  pkcs15-tool --read-certificate 3 > '$WORK/3.pem' &&
  pkcs15-tool --read-certificate 4 > '$WORK/4.pem'" 2> /dev/null
for pair in 1:auth 2:sign 3:auth-ca 4:sign-ca; do
  id=${pair%%:*} name=${pair#*:}
  expected=$(openssl x509 -inform der -in "$CERTS/$name.der")
  expect_eq "$(cat "$WORK/$id.pem")" "$expected" "certificate $id ($name)"
done
echo PASS

# NSS (what Firefox and Chromium use) through OpenSC's PKCS#11 module: `modutil -add` puts the
# module in a fresh NSS database and `certutil -L -h all` lists, without a PIN, exactly the three
# certificates the card lets anyone read: the user-authentication certificate and the two CA
# certificates (both on the authentication token, as OpenSC presents them). The signature
# certificate needs the signature password, so it must not show. Then the same after the PIN.
. "$(dirname "$0")/../reader/lib.sh"
need modutil libnss3-tools
need certutil libnss3-tools
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME
mkdir "$WORK/nssdb"
certutil -N -d "sql:$WORK/nssdb" --empty-password
modutil -dbdir "sql:$WORK/nssdb" -add mynasim-opensc -libfile "$OPENSC_PKCS11" -force > "$WORK/modutil.out" 2>&1 ||
  fail "modutil -add: $(cat "$WORK/modutil.out")"
modutil -dbdir "sql:$WORK/nssdb" -list mynasim-opensc > "$WORK/module.txt" 2>&1 ||
  fail "modutil -list: $(cat "$WORK/module.txt")"
for token in "JPKI (User Authentication PIN)" "JPKI (Digital Signature PIN)"; do
  grep -qF "Token Name: $token" "$WORK/module.txt" || fail "modutil does not see the token $token: $(cat "$WORK/module.txt")"
done

# No PIN anywhere: stdin closed, so NSS's login prompt fails and only public objects remain.
certutil -L -h all -d "sql:$WORK/nssdb" < /dev/null > "$WORK/list.txt" 2> "$WORK/list.err" ||
  fail "certutil -L -h all: $(cat "$WORK/list.txt" "$WORK/list.err")"
# Nicknames are TOKEN:LABEL, then the trust column (three comma-separated flag sets).
listed=$(grep '^JPKI' "$WORK/list.txt" | sed -E 's/ +[a-zA-Z]*,[a-zA-Z]*,[a-zA-Z]*$//' | sort)
expect_eq "$listed" "JPKI (User Authentication PIN):Digital Signature Certificate CA
JPKI (User Authentication PIN):User Authentication Certificate
JPKI (User Authentication PIN):User Authentication Certificate CA" "certificates NSS lists without a PIN"

# After the PIN (from a file, certutil -f): the same three, and NSS now finds the private key that
# goes with the authentication certificate (trust "u": a user certificate). OpenSC checks the login
# with an empty VERIFY, which a real card answers 63Cx; anything else closes the sessions and the
# list shrinks to one certificate.
printf 1234 > "$WORK/pin"
certutil -L -h "JPKI (User Authentication PIN)" -d "sql:$WORK/nssdb" -f "$WORK/pin" < /dev/null \
  > "$WORK/list_login.txt" 2> "$WORK/list_login.err" ||
  fail "certutil -L -f: $(cat "$WORK/list_login.txt" "$WORK/list_login.err")"
expect_eq "$(grep '^JPKI' "$WORK/list_login.txt" | sed -E 's/ +$//' | sort)" \
  "JPKI (User Authentication PIN):Digital Signature Certificate CA ,,
JPKI (User Authentication PIN):User Authentication Certificate CA ,,
JPKI (User Authentication PIN):User Authentication Certificate u,u,u" "certificates NSS lists after the PIN"
echo PASS

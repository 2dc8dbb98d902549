# pcsc-spy (pcsc-lite's PC/SC call logger, Debian libpcsclite-dev) captures a whole mynatool
# session: `info`, `pin status`, then a VERIFY and a signature (`sign --type auth`). The clients
# load libpcscspy as their libpcsclite.so.1 (LD_LIBRARY_PATH, as pcsc-spy's manual describes for
# programs that dlopen it; it then loads the real library as libpcsclite_nospy.so.1) and write to
# the FIFO $HOME/pcsc-spy, HOME being this test's directory. The APDUs in pcsc-spy's log must be
# exactly the ones mynatool's own --trace shows, in order, with the same answers.
# pcsc-spy sees raw bytes, so its log holds the PIN in clear (the VERIFY's data): it stays in
# this test's temporary directory, which is removed at the end.
# Usage: bash pcsc_spy_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/../reader/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}
need pcsc-spy libpcsclite-dev
need openssl openssl
libdir=$(dirname "$(readlink -f "$(ls /usr/lib/*/libpcsclite.so.1 | head -n 1)")")
[ -f "$libdir/libpcscspy.so.0" ] || fail "$libdir/libpcscspy.so.0 not found: install the Debian package libpcsclite-dev"

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME AUTH_PIN=1234
spy=$WORK/spy
mkdir -p "$spy/lib"
ln -s "$libdir/libpcscspy.so.0" "$spy/lib/libpcsclite.so.1"
ln -s "$libdir/libpcsclite.so.1" "$spy/lib/libpcsclite_nospy.so.1"
mkfifo "$spy/pcsc-spy"
pcsc-spy --nocolor "$spy/pcsc-spy" > "$WORK/spy.log" 2>&1 &
SPY_PID=$!
BACKGROUND+=("$SPY_PID")
# Held open across the three clients, so pcsc-spy reads one session and ends at our close.
exec 9> "$spy/pcsc-spy"
spied() { HOME=$spy LD_LIBRARY_PATH=$spy/lib "$MYNATOOL" --trace "$@" 2>> "$WORK/trace"; }
printf 'mynasim: spied on' > "$WORK/data"
spied info > "$WORK/info.txt"
spied pin status > "$WORK/status.txt"
spied sign --type auth --in "$WORK/data" --out "$WORK/auth.sig" --pin-env AUTH_PIN > /dev/null
exec 9>&-
wait "$SPY_PID" || fail "pcsc-spy: $(tail -n 5 "$WORK/spy.log")"

# mynatool worked through the spy: the signature verifies with the card's certificate.
openssl x509 -inform der -in "$CERTS/auth.der" -pubkey -noout > "$WORK/auth.pub"
expect_eq "$(openssl dgst -sha256 -verify "$WORK/auth.pub" -signature "$WORK/auth.sig" "$WORK/data")" \
  "Verified OK" "the signature made under pcsc-spy"
grep -q 'JPKI' "$WORK/info.txt" || fail "mynatool info under pcsc-spy: $(cat "$WORK/info.txt")"

# pcsc-spy indents each client's calls by four spaces more than the previous client's.
sed -E 's/^(    )+//' "$WORK/spy.log" > "$WORK/spy.flat"
# Every SCardTransmit in pcsc-spy's log as "> command" and "< response", in hex.
awk '
  function flush() { if (dir != "") print dir, substr(hex, 2); dir = ""; hex = "" }
  /^SCardTransmit$/ { transmit = 1; next }
  /^[A-Za-z]/ { flush(); transmit = 0; next }
  transmit && /^ i bSendBuffer$/ { flush(); dir = ">"; next }
  transmit && /^ o bRecvBuffer$/ { flush(); dir = "<"; next }
  dir != "" && /^ [io]  [0-9A-F][0-9A-F][0-9A-F][0-9A-F] / { hex = hex " " substr($0, 10, 48); sub(/ +$/, "", hex); next }
  { flush() }
  END { flush() }' "$WORK/spy.flat" > "$WORK/spy.apdus"
# The same in mynatool's trace form: secrets of VERIFY/CHANGE/RESET masked, answers as
# "N bytes, SW1 SW2" (the trace adds the status word's name; dropped here).
"$PYTHON" - "$WORK/spy.apdus" > "$WORK/spy.trace" <<'PY'
import sys
for line in open(sys.argv[1]):
    way, data = line[0], line[2:].split()
    if way == '<':
        print('< ' + (f'{len(data) - 2} bytes, ' if len(data) > 2 else '') + ' '.join(data[-2:]))
    elif data[1] in ('20', '24', '2C', '32') and len(data) > 5:
        n = int(data[4], 16)
        print('> ' + ' '.join(data[:5] + ['**'] * n + data[5 + n:]))
    else:
        print('> ' + ' '.join(data))
PY
sed -E 's/^> [A-Z ]+ (([0-9A-F]{2}( |$))+)/> \1/; s/^(< .*[0-9A-F]{2} [0-9A-F]{2}) \(.*\)$/\1/; s/ +$//' \
  "$WORK/trace" | grep -E '^[<>] ' > "$WORK/mynatool.trace"
[ -s "$WORK/mynatool.trace" ] || fail "mynatool --trace showed no APDU"
diff "$WORK/mynatool.trace" "$WORK/spy.trace" > "$WORK/trace.diff" ||
  fail "pcsc-spy's APDUs differ from mynatool's trace: $(head -n 20 "$WORK/trace.diff")"

# The session's landmarks, raw: the JPKI application's SELECT answered 90 00, the VERIFY (its
# PIN in clear, as any raw capture holds it) and the signature (256 bytes and 90 00).
grep -A1 -x '> 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01' "$WORK/spy.apdus" | grep -qx '< 90 00' ||
  fail "no SELECT of the JPKI application answered 90 00 in pcsc-spy's log"
grep -A1 -x '> 00 20 00 80 04 31 32 33 34' "$WORK/spy.apdus" | grep -qx '< 90 00' ||
  fail "no VERIFY of the authentication PIN answered 90 00 in pcsc-spy's log"
grep -A1 -E '^> 80 2A 00 80 ' "$WORK/spy.apdus" | grep -qE '^< ([0-9A-F]{2} ){256}90 00$' ||
  fail "no signature of 256 bytes in pcsc-spy's log"
expect_eq "$(grep -c '^SCardEstablishContext$' "$WORK/spy.flat")" 3 "PC/SC contexts (one per mynatool run)"
echo PASS

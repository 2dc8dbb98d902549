# A pcsc-spy capture of `opensc-tool -n` (OpenSC's driver matching, 29 APDUs) made through a
# private stack replays clean against a fresh test card, in each form pcsc-spy writes: the raw
# FIFO log, the decoded text without colours, with colours, and with thread numbers. Then a
# capture of OpenSC's PKCS#11 module signing with the authentication key (the PKCS#15 bind, its
# certificate reads, VERIFY in the clear as pcsc-spy logs it, 80 2A) replays clean, and the
# signature verifies with the fresh card's own certificate.
. "$(dirname "$0")/lib.sh"
SPY=$(ls /usr/lib/*/libpcscspy.so.0 2> /dev/null | head -n 1 || true)
REAL=$(ls /usr/lib/*/libpcsclite.so.1 2> /dev/null | head -n 1 || true)
command -v pcsc-spy > /dev/null && [ -n "$SPY" ] && command -v opensc-tool > /dev/null ||
  { echo "SKIP: pcsc-spy (libpcsclite-dev) or opensc-tool missing"; exit 77; }
issue "$WORK/card.img"
# OpenSC loads libpcsclite.so.1 with dlopen: the spy stands in for it, and forwards to the real
# one under the name it looks for. It writes to the FIFO $HOME/pcsc-spy.
mkdir -p "$WORK/lib" "$WORK/home"
ln -s "$SPY" "$WORK/lib/libpcsclite.so.1"
ln -s "$REAL" "$WORK/lib/libpcsclite_nospy.so.1"
mkfifo "$WORK/home/pcsc-spy"
cat > "$WORK/capture.sh" << CAPTURE
cat "$WORK/home/pcsc-spy" > "$WORK/raw.log" &
LD_LIBRARY_PATH="$WORK/lib" opensc-tool -n > "$WORK/opensc.out"
wait
CAPTURE
HOME="$WORK/home" "$MYNASIM" exec --card "$WORK/card.img" -- bash "$WORK/capture.sh"
[ "$(cat "$WORK/opensc.out")" == "jpki" ] || fail "opensc-tool -n printed: $(cat "$WORK/opensc.out")"
pcsc-spy -n "$WORK/raw.log" > "$WORK/decoded.log" 2> /dev/null
pcsc-spy "$WORK/raw.log" > "$WORK/colour.log" 2> /dev/null
pcsc-spy -n -t "$WORK/raw.log" > "$WORK/threads.log" 2> /dev/null
for form in raw decoded colour threads; do
  "$MYNASIM" replay "$WORK/$form.log" --card "$WORK/card.img" > "$WORK/out" 2>&1 ||
    fail "$form: $(cat "$WORK/out")"
  expected="$WORK/$form.log: 29 commands (pcsc-spy), 0 divergences; signatures verified 0, compared by length only 0"
  [ "$(cat "$WORK/out")" == "$expected" ] || fail "$form: $(cat "$WORK/out")"
done
P11=$(ls /usr/lib/*/opensc-pkcs11.so /usr/lib/opensc-pkcs11.so 2> /dev/null | head -n 1 || true)
command -v pkcs11-tool > /dev/null && [ -n "$P11" ] || { echo "SKIP: pkcs11-tool missing"; exit 77; }
printf 'replay me' > "$WORK/message"
cat > "$WORK/sign.sh" << CAPTURE
cat "$WORK/home/pcsc-spy" > "$WORK/sign.log" &
AUTH_PIN=1234 LD_LIBRARY_PATH="$WORK/lib" pkcs11-tool --module "$P11" --login --pin env:AUTH_PIN \
  --sign --id 01 -m SHA256-RSA-PKCS -i "$WORK/message" -o "$WORK/signature" > /dev/null 2>&1
wait
CAPTURE
HOME="$WORK/home" "$MYNASIM" exec --card "$WORK/card.img" -- bash "$WORK/sign.sh"
[ -s "$WORK/signature" ] || fail "pkcs11-tool did not sign"
issue "$WORK/fresh.img"
"$MYNASIM" replay "$WORK/sign.log" --card "$WORK/fresh.img" > "$WORK/out" 2>&1 ||
  fail "pkcs11-tool's capture: $(cat "$WORK/out")"
grep -Eq ": [0-9]+ commands \(pcsc-spy\), 0 divergences; signatures verified 1, compared by length only 0$" \
  "$WORK/out" || fail "pkcs11-tool's capture: $(cat "$WORK/out")"
echo "OK"

# A pcsc-spy capture of `opensc-tool -n` (OpenSC's driver matching, 29 APDUs) made through a
# private stack replays clean against a fresh test card, in each form pcsc-spy writes: the raw
# FIFO log, the decoded text without colours, with colours, and with thread numbers.
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
echo "OK"

# A client whose reads followed the trace card's certificate length: OpenSC's bind read EF 000A
# as 4 + ... + a last chunk of exactly what was left. Made to look as if the trace's card had a
# certificate one byte longer, the replay reports that last read as a note (not a divergence),
# and the simulated card's certificate is still judged whole DER: exit 0.
. "$(dirname "$0")/lib.sh"
issue "$WORK/card.img"
/usr/bin/python3 - "$TRACES/opensc-bind.jsonl" "$WORK/longer.jsonl" << 'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
selected = None
for line in lines[1:]:
    command = line.get("command", "")
    if command.startswith("00A4020C02"):
        selected = command[-4:]
    elif selected == "000A" and command.startswith("00B0") and line["sw"] == "9000":
        data = bytes.fromhex(line["response"])
        if data[:2] == b"\x30\x82":  # the DER header, one byte longer
            total = int.from_bytes(data[2:4], "big") + 1
            line["response"] = (data[:2] + total.to_bytes(2, "big") + data[4:]).hex().upper()
        le = int(command[8:10], 16)
        if le and len(data) == le and int(command[4:8], 16) > 0:  # the last chunk: one more byte
            line["command"] = command[:8] + "%02X" % (le + 1)
            line["response"] += "00"
with open(sys.argv[2], "w") as out:
    for line in lines:
        out.write(json.dumps(line, separators=(",", ":")) + "\n")
PY
"$MYNASIM" replay "$WORK/longer.jsonl" --card "$WORK/card.img" > "$WORK/out" 2>&1 ||
  fail "a length-dependent read counted as a divergence: $(cat "$WORK/out")"
T=$WORK/longer.jsonl
grep -Fxq "note: $T:42: #41 READ BINARY 00 B0 04 00 5D: length: expected 93 bytes, got 92 bytes (the read depends on the certificate's length)" "$WORK/out" ||
  fail "no note for the last chunk: $(cat "$WORK/out")"
[ "$(grep -c '^note:' "$WORK/out")" -eq 1 ] || fail "other notes: $(cat "$WORK/out")"
tail -n 1 "$WORK/out" | grep -q ", 0 divergences;" || fail "$(cat "$WORK/out")"
echo "OK"

# A card issued under another profile (jpki-token/android: label JPKIAPGPSETOKEN, the
# authentication certificate behind the PIN) diverges from a trace of the physical card exactly
# where the profiles differ: the token label in EF 0006 and each read of EF 000A.
. "$(dirname "$0")/lib.sh"
issue "$WORK/android.img" jpki-token/android
# myna's `jpki cert -t auth`: SELECT AP, the token label, SELECT 000A, its reads.
head -n 11 "$TRACES/myna-reads.jsonl" > "$WORK/auth.jsonl"
status=0
"$MYNASIM" replay "$WORK/auth.jsonl" --card "$WORK/android.img" > "$WORK/out" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1: $(cat "$WORK/out")"
T=$WORK/auth.jsonl
cat > "$WORK/expected" <<EXPECTED
$T:4: #3 READ BINARY 00 B0 00 00 20: bytes: expected at offset 6: 49 43 43 54 4F 4B 45 4E 32 20 20 20 20 20 20 20 …, got at offset 6: 47 50 53 45 54 4F 4B 45 4E 20 20 20 20 20 20 20 …
$T:6: #5 READ BINARY 00 B0 00 00 07: status word: expected 9000, got 6982
$T:7: #6 READ BINARY 00 B0 00 07 00: status word: expected 9000, got 6982
$T:8: #7 READ BINARY 00 B0 01 07 00: status word: expected 9000, got 6982
$T:9: #8 READ BINARY 00 B0 02 07 00: status word: expected 9000, got 6982
$T:10: #9 READ BINARY 00 B0 03 07 00: status word: expected 9000, got 6982
EXPECTED
last=$(sed -n 11p "$T" | /usr/bin/python3 -c 'import json,sys; c=json.load(sys.stdin)["command"]; print(" ".join(c[i:i+2] for i in range(0,len(c),2)))')
echo "$T:11: #10 READ BINARY $last: status word: expected 9000, got 6982" >> "$WORK/expected"
# The header's ATR (the physical card's contact ATR) is not the token's: a note, not counted.
echo "note: $T: header: ATR: expected 3B E0 00 FF 81 31 FE 45 14, got 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F (not replayed: another reader or card generation)" >> "$WORK/expected"
echo "$T: 10 commands (mynasim-trace), 7 divergences; signatures verified 0, compared by length only 0" >> "$WORK/expected"
diff "$WORK/expected" "$WORK/out" || fail "the divergences differ from the expected list (above)"
# The same trace against a card of the trace's own profile: clean.
issue "$WORK/card.img"
"$MYNASIM" replay "$WORK/auth.jsonl" --card "$WORK/card.img" > "$WORK/out" || fail "$(cat "$WORK/out")"
echo "OK"

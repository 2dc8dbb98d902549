# Bad input: exit status 1 and a message naming the file and line; usage errors exit 2; a masked
# PIN without a value names the key. (The messages themselves: tests/unit/trace.)
. "$(dirname "$0")/lib.sh"
issue "$WORK/card.img"
expect() {  # STATUS MESSAGE-REGEX COMMAND...
  local want=$1 regex=$2 status=0
  shift 2
  "$@" > "$WORK/out" 2>&1 || status=$?
  [ "$status" -eq "$want" ] || fail "exit $status (expected $want) from $*: $(cat "$WORK/out")"
  grep -Eq -- "$regex" "$WORK/out" || fail "no '$regex' in: $(cat "$WORK/out")"
}
printf 'hello\n' > "$WORK/text.txt"
expect 1 "text.txt:1: neither a mynasim trace" "$MYNASIM" replay "$WORK/text.txt" --card "$WORK/card.img"
head -n 3 "$TRACES/opensc-bind.jsonl" > "$WORK/cut.jsonl"
printf '{"t":0.1,"command":"00A4' >> "$WORK/cut.jsonl"
expect 1 "cut.jsonl:4: truncated line" "$MYNASIM" replay "$WORK/cut.jsonl" --card "$WORK/card.img"
expect 1 "missing.jsonl: cannot open" "$MYNASIM" replay "$WORK/missing.jsonl" --card "$WORK/card.img"
expect 1 "nothere.img: no such card image" "$MYNASIM" replay "$TRACES/opensc-bind.jsonl" --card "$WORK/nothere.img"
# The signature password is masked in the trace and not given.
expect 1 "myna-reads.jsonl:[0-9]+: the trace masks the value of sign" \
  "$MYNASIM" replay "$TRACES/myna-reads.jsonl" --card "$WORK/card.img"
expect 2 "TRACE is required|required" "$MYNASIM" replay --card "$WORK/card.img"
# The card image given is never changed (replay works on a copy).
before=$(sha256sum < "$WORK/card.img")
"$MYNASIM" replay "$TRACES/opensc-sign.jsonl" --card "$WORK/card.img" --pins-env REPLAY_PINS > /dev/null
[ "$(sha256sum < "$WORK/card.img")" == "$before" ] || fail "replay changed the card image"
echo "OK"

# Every shipped trace replays against a freshly issued test card with zero divergences, except
# those listed in tests/traces/pending.txt (real-card answers the simulator does not give yet):
# those must still diverge, so that a branch that fixes one also takes it off the list.
. "$(dirname "$0")/lib.sh"
issue "$WORK/card.img"
count=0
for trace in "$TRACES"/*.jsonl; do
  name=$(basename "$trace")
  count=$((count + 1))
  status=0
  "$MYNASIM" replay "$trace" --card "$WORK/card.img" --pins-env REPLAY_PINS > "$WORK/out" 2>&1 ||
    status=$?
  if grep -q "^$name " "$TRACES/pending.txt"; then
    [ "$status" -eq 1 ] || fail "$name replays clean now: take it off tests/traces/pending.txt"
    echo "pending (diverges as expected): $name"
  else
    [ "$status" -eq 0 ] || fail "$name: $(cat "$WORK/out")"
    tail -n 1 "$WORK/out"
    # Each flow that signs: the signature verified with the simulated card's own key.
    case $name in
      opensc-sign.jsonl | myna-reads.jsonl | jpki-rs-reads.jsonl | myna-card-reads.jsonl)
        grep -q "signatures verified 1, compared by length only 0$" "$WORK/out" ||
          fail "$name: the signature was not verified: $(tail -n 1 "$WORK/out")"
        ;;
    esac
  fi
done
[ "$count" -ge 7 ] || fail "only $count traces in $TRACES"
echo "OK: $count traces"

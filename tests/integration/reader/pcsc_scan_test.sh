# pcsc_scan (pcsc-tools) sees the card go and come back through mynasim remove / insert.
. "$(dirname "$0")/lib.sh"
need pcsc_scan pcsc-tools

start_stack --card "$CARD"
pcsc_scan -n > "$WORK/scan.log" 2>&1 &
BACKGROUND+=($!)
wait_for_count "$WORK/scan.log" 'Card state: Card inserted' 1
"$MYNASIM" remove > /dev/null
wait_for_count "$WORK/scan.log" 'Card state: Card removed' 1
"$MYNASIM" insert > /dev/null
wait_for_count "$WORK/scan.log" 'Card state: Card inserted' 2
states=$(grep -E 'Card state|ATR:' "$WORK/scan.log" | tr -s ' ' | sed 's/, *$//')
expect_eq "$states" " Card state: Card inserted
 ATR: 3B E0 00 FF 81 31 FE 45 14
 Card state: Card removed
 Card state: Card inserted
 ATR: 3B E0 00 FF 81 31 FE 45 14" "pcsc_scan events"
echo PASS

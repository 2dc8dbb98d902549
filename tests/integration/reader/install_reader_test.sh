# mynasim install-reader and attach, in a throwaway mount namespace (root only): tmpfs over
# /etc/reader.conf.d, the pcsc drivers folder and /run, so this machine's system config is never
# touched. There the "system" pcscd loads the installed driver and OpenSC sees the card.
. "$(dirname "$0")/lib.sh"
need opensc-tool opensc
need unshare util-linux
[ "$(id -u)" == 0 ] || { echo "SKIP: needs root (mount namespace)"; exit 77; }
DRIVERS=$(pkg-config --variable=usbdropdir libpcsclite 2> /dev/null || echo /usr/lib/pcsc/drivers)
CONFD=$(pkg-config --variable=serialconfdir libpcsclite 2> /dev/null || echo /etc/reader.conf.d)
export MYNASIM CARD WORK DRIVERS CONFD

unshare -m bash -euo pipefail -c '
  mount --make-rprivate /
  mkdir -p "$CONFD" "$DRIVERS"
  mount -t tmpfs tmpfs "$CONFD"
  mount -t tmpfs tmpfs "$DRIVERS"
  mount -t tmpfs tmpfs /run
  "$MYNASIM" install-reader > "$WORK/install.out"
  [ -f "$DRIVERS/serial/libifd-mynasim.so" ] || { echo "FAIL: driver not installed" >&2; exit 1; }
  cat "$CONFD/mynasim" > "$WORK/conf"
  pcscd -f > "$WORK/pcscd.log" 2>&1 &
  pcscd_pid=$!
  "$MYNASIM" attach --card "$CARD" 2> "$WORK/attach.err" &
  attach_pid=$!
  trap "kill $attach_pid $pcscd_pid 2>/dev/null || true" EXIT
  wait_for_reader "Yes.*Mynasim Virtual Reader 00 00"
  opensc-tool -a -n > "$WORK/opensc.out" 2> /dev/null
  kill -TERM $attach_pid
  wait $attach_pid
  echo "attach exit $?" >> "$WORK/opensc.out"
  # attach puts the card behind the same chain as exec: T=0 here, and a fault that answers the
  # otherwise unknown INS EE (6D00) with 6A82, logged to a file.
  echo "{\"faults\": [{\"match\": {\"ins\": \"EE\"}, \"action\": \"sw\", \"sw\": \"6A82\"}]}" \
    > "$WORK/faults.json"
  "$MYNASIM" attach --card "$CARD" --protocol t0 --faults "$WORK/faults.json" \
    --fault-log "$WORK/fault.log" 2> "$WORK/attach-t0.err" &
  attach_pid=$!
  wait_for_reader "Yes.*Mynasim Virtual Reader 00 00"
  opensc-tool -a >> "$WORK/opensc.out" 2> /dev/null
  opensc-tool -s "80 EE 00 00" 2> /dev/null | grep -o "SW1=.*" >> "$WORK/opensc.out"
  kill -TERM $attach_pid
  wait $attach_pid
  "$MYNASIM" install-reader --remove > /dev/null
  ls -A "$CONFD" "$DRIVERS/serial" > "$WORK/left"
'
expect_eq "$(grep -v '^#' "$WORK/conf")" 'FRIENDLYNAME "Mynasim Virtual Reader"
DEVICENAME   unix:/run/mynasim/card.sock
LIBPATH      '"$DRIVERS"'/serial/libifd-mynasim.so' "installed reader.conf entry"
expect_eq "$(cat "$WORK/opensc.out")" $'3b:e0:00:ff:81:31:fe:45:14\njpki\nattach exit 0\n3b:60:00:ff\nSW1=0x6A, SW2=0x82)' "system pcscd with the installed driver"
expect_eq "$(grep -o '"action":"sw","sw":"6A82","command":{"cla":"80","ins":"EE"' "$WORK/fault.log")" \
  '"action":"sw","sw":"6A82","command":{"cla":"80","ins":"EE"' "attach --fault-log"
expect_eq "$(cat "$WORK/left")" "$CONFD:

$DRIVERS/serial:" "files left after --remove"
[ ! -e /run/mynasim ] || fail "the namespace leaked /run/mynasim to the host"
echo PASS

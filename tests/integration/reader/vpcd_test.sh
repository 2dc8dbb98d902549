# mynasim vpcd against vsmartcard's real vpcd driver (Debian's vsmartcard-vpcd), in a throwaway
# mount and network namespace (root only), so that vpcd's port is nobody else's.
. "$(dirname "$0")/lib.sh"
need opensc-tool opensc
VPCD=$(ls /usr/lib/pcsc/drivers/serial/libifdvpcd.so 2> /dev/null || true)
[ -n "$VPCD" ] || { echo "SKIP: vsmartcard-vpcd is not installed"; exit 77; }
[ "$(id -u)" == 0 ] || { echo "SKIP: needs root (network namespace)"; exit 77; }
cat > "$WORK/reader.conf" << CONF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:35963
LIBPATH      $VPCD
CONF
export MYNASIM CARD WORK

unshare -m -n bash -euo pipefail -c '
  ip link set lo up
  mount --make-rprivate /
  mount -t tmpfs tmpfs /run
  pcscd -f -c "$WORK/reader.conf" > "$WORK/pcscd.log" 2>&1 &
  pcscd_pid=$!
  trap "kill \$(jobs -p) 2>/dev/null || true" EXIT
  wait_for_reader "Virtual PCD 00 00"
  "$MYNASIM" vpcd --card "$CARD" --port 35963 2> "$WORK/vpcd.err" &
  wait_for_reader "Yes.*Virtual PCD 00 00"  # vpcd polls for the card every 400 ms
  opensc-tool -r "Virtual PCD 00 00" -a -n > "$WORK/opensc.out" 2> /dev/null
  pkcs15-tool -r "Virtual PCD 00 00" -D 2> /dev/null | grep -c "^X.509 Certificate \[" >> "$WORK/opensc.out"
'
expect_eq "$(cat "$WORK/opensc.out")" $'3b:e0:00:ff:81:31:fe:45:14\njpki\n4' "OpenSC through vpcd"
echo PASS

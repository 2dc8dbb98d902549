# mynasim exec / run themselves: bad input, COMMAND's exit status, several cards, cleanup after
# SIGKILL, and the system pcscd's /run/pcscd left untouched.
. "$(dirname "$0")/lib.sh"
need opensc-tool opensc

# A missing or corrupt image is refused, naming the file; nothing runs.
set +e
out=$("$MYNASIM" exec --card "$WORK/missing.img" -- touch "$WORK/ran" 2>&1)
status=$?
set -e
expect_eq "$status" 1 "exit status, missing image"
expect_eq "$out" "mynasim exec: card image $WORK/missing.img: no such file (no card image yet)" "missing image"
head -c 100 "$CARD" > "$WORK/cut.img"
echo "not a card" > "$WORK/junk.img"
for image in "$WORK/cut.img" "$WORK/junk.img"; do
  set +e
  out=$("$MYNASIM" exec --card "$image" -- touch "$WORK/ran" 2>&1)
  status=$?
  set -e
  expect_eq "$status" 1 "exit status, corrupt image $image"
  [[ $out == "mynasim exec: card image $image: "* ]] || fail "message does not name $image: $out"
done
[ ! -e "$WORK/ran" ] || fail "the command ran although a card image was refused"

# Usage errors exit 2.
set +e
"$MYNASIM" exec --card "$CARD" --atr 3B8080010101 -- true 2> "$WORK/err"
expect_eq "$?" 2 "exit status, malformed ATR"
"$MYNASIM" exec --card "$CARD" --card "$CARD" -- true 2> /dev/null
expect_eq "$?" 2 "exit status, one image twice"
"$MYNASIM" exec --card "$CARD" 2> /dev/null
expect_eq "$?" 2 "exit status, no command"
set -e
expect_eq "$(cat "$WORK/err")" "mynasim exec: --atr 3B8080010101: 6 bytes, but T0 and the interface bytes call for 5 (TCK included)" "malformed ATR message"

# COMMAND's exit status (and 128 + signal), with PCSCLITE_CSOCK_NAME pointing into the stack.
set +e
"$MYNASIM" exec --card "$CARD" -- sh -c 'case "$PCSCLITE_CSOCK_NAME" in /tmp/mynasim.*/pcscd.comm) exit 7;; esac; exit 1'
expect_eq "$?" 7 "COMMAND's exit status"
"$MYNASIM" exec --card "$CARD" -- sh -c 'kill -TERM $$'
expect_eq "$?" 143 "COMMAND killed by SIGTERM"
set -e

# Two cards, two readers, both present when COMMAND starts.
cp "$CARD" "$WORK/second.img"
out=$("$MYNASIM" exec --card "$CARD" --card "$WORK/second.img" --atr contact --atr 3B80800101 -- opensc-tool -l 2> /dev/null)
expect_eq "$out" $'# Detected readers (pcsc)\nNr.  Card  Features  Name\n0    Yes             Mynasim Virtual Reader 00 00\n1    Yes             Mynasim Virtual Reader 01 00' "two readers"

# A stack killed with SIGKILL leaves neither pcscd nor its directory behind.
before=$(ls -d /tmp/mynasim.* 2> /dev/null | sort || true)
start_stack --card "$CARD"
stack_dir=$MYNASIM_STACK
pcscd_pid=""
for child in $(cat /proc/"$RUN_PID"/task/*/children); do
  [ "$(cat /proc/"$child"/comm)" == pcscd ] && pcscd_pid=$child
done
[ -n "$pcscd_pid" ] || fail "no pcscd child of mynasim run"
kill -KILL "$RUN_PID"
gone() { [ ! -e /proc/"$1" ] || [ "$(awk '{print $3}' /proc/"$1"/stat 2> /dev/null)" == Z ]; }
for _ in $(seq 1 200); do gone "$pcscd_pid" && [ ! -e "$stack_dir" ] && break; sleep 0.05; done
gone "$pcscd_pid" || fail "pcscd $pcscd_pid outlived mynasim killed with SIGKILL"
[ ! -e "$stack_dir" ] || fail "$stack_dir outlived mynasim killed with SIGKILL"

# pcscd ran in its own mount namespace: the host's /run/pcscd is as it was.
if [ -d /run/pcscd ]; then
  [ ! -e /run/pcscd/pcscd.pid ] || [ "$(cat /run/pcscd/pcscd.pid)" != "$pcscd_pid" ] ||
    fail "the private pcscd wrote the system's /run/pcscd/pcscd.pid"
fi
grep -q "isolation: \(mount namespace\|user and mount namespace\)" "$WORK/run.err" ||
  echo "note: pcscd ran without a namespace: $(grep isolation "$WORK/run.err")" >&2
echo PASS

# pcscd never sees the user's environment: a PIN variable set around `mynasim exec` and
# `mynasim run` is absent from /proc/<pcscd>/environ (an allow-list: the two PCSCLITE_FILTER_*
# variables, TZ, and LISTEN_FDS/LISTEN_PID), while exec's COMMAND keeps it (the user asked for it).
. "$(dirname "$0")/lib.sh"

export MYNA_TEST_PIN=9876 MYNA_PIN_FOR_REPLAY=1234:5678 TZ=Asia/Tokyo
# pcscd_environ PARENT-PID: pcscd's environment (one variable a line), the child of PARENT-PID
pcscd_environ() {
  local pid
  for _ in $(seq 1 100); do
    pid=$(pgrep -P "$1" -x pcscd || true)
    [ -n "$pid" ] && break
    sleep 0.05
  done
  [ -n "$pid" ] || fail "no pcscd child of $1"
  tr '\0' '\n' < "/proc/$pid/environ"
}
check_environ() {  # ENVIRON WHAT
  [ -n "$1" ] || fail "$2: pcscd's environment could not be read"
  expect_eq "$(grep -c '^LISTEN_FDS=1$' <<< "$1")" "1" "$2: LISTEN_FDS"
  expect_eq "$(grep -c '^TZ=Asia/Tokyo$' <<< "$1")" "1" "$2: TZ kept"
  expect_eq "$(grep -Ec '^(MYNA_TEST_PIN|MYNA_PIN_FOR_REPLAY|HOME|PATH|PCSCLITE_CSOCK_NAME)=' <<< "$1" || true)" "0" "$2: variables pcscd must not see"
  expect_eq "$(sed 's/=.*//' <<< "$1" | sort | tr '\n' ' ')" "LISTEN_FDS LISTEN_PID TZ " "$2: the whole environment"
}

# exec: COMMAND (whose parent is mynasim) sees the PIN; pcscd does not.
"$MYNASIM" exec --card "$CARD" -- bash -c '
  [ "$MYNA_TEST_PIN" = 9876 ] || { echo "COMMAND lost the PIN variable" >&2; exit 3; }
  pid=""
  for _ in $(seq 1 100); do pid=$(pgrep -P $PPID -x pcscd) && break; sleep 0.05; done
  tr "\0" "\n" < /proc/$pid/environ' > "$WORK/exec.environ"
check_environ "$(cat "$WORK/exec.environ")" "mynasim exec"

# run: the same.
start_stack --card "$CARD"
check_environ "$(pcscd_environ "$RUN_PID")" "mynasim run"
echo "pcscd_env: ok"

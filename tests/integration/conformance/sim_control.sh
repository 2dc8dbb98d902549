#!/bin/bash
# The simulator harness `mynatool conformance --simulator-control` runs: `start`, `restart`
# (SIGTERM: mynasim takes the card out cleanly and exits) or `kill` (kill -9: mynasim dies
# wherever it is), each followed by a new `mynasim attach` of the same card image; returns once
# the new card is in the reader. Environment (set by sim_lib.sh): SIM_DIR, SIM_MYNASIM, SIM_CARD,
# SIM_SOCKET.
set -euo pipefail
: "${SIM_DIR:?}" "${SIM_MYNASIM:?}" "${SIM_CARD:?}" "${SIM_SOCKET:?}"
PID_FILE=$SIM_DIR/attach.pid

stop() {  # SIGNAL
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid=$(cat "$PID_FILE")
  kill "-$1" "$pid" 2> /dev/null || true
  for _ in $(seq 1 1000); do
    # Gone, or a zombie: whoever reaps it (the harness that started it has exited) may be slow.
    local state
    state=$(awk '{print $3}' "/proc/$pid/stat" 2> /dev/null || true)
    [ -z "$state" ] || [ "$state" = Z ] && { rm -f "$PID_FILE"; return 0; }
    sleep 0.005
  done
  echo "sim_control: mynasim attach ($pid) did not exit after SIG$1" >&2
  exit 1
}

start() {
  local log=$SIM_DIR/attach.log
  : > "$log"
  setsid "$SIM_MYNASIM" attach --socket "$SIM_SOCKET" --card "$SIM_CARD" < /dev/null > /dev/null 2> "$log" &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 1000); do
    grep -q "inserted into the reader" "$log" && return 0
    kill -0 "$(cat "$PID_FILE")" 2> /dev/null || break
    sleep 0.005
  done
  echo "sim_control: the card did not go in: $(cat "$log")" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  restart) stop TERM; start ;;
  kill) stop KILL; start ;;
  *) echo "usage: $0 start|restart|kill" >&2; exit 2 ;;
esac

# The simulator harness for the conformance suite and the tear test: a private pcscd (`mynasim
# run`) whose reader is served by a SEPARATE `mynasim attach` process, so that mynasim (the card)
# can be restarted or killed with kill -9 while pcscd and the host program stay up. Sourced after
# ../reader/lib.sh. The state lives in $SIM_DIR: attach.pid, attach.log, and the card image $CARD.

# start_simulator: the stack, its own card taken out, our card attached in a process of its own.
start_simulator() {
  cp "$CARD" "$WORK/placeholder.img"
  start_stack --card "$WORK/placeholder.img"
  "$MYNASIM" remove --dir "$MYNASIM_STACK" > /dev/null
  export SIM_DIR=$WORK SIM_MYNASIM=$MYNASIM SIM_CARD=$CARD SIM_SOCKET=$MYNASIM_STACK/card0.sock
  bash "$(dirname "${BASH_SOURCE[0]}")/sim_control.sh" start
}
stop_simulator() {
  [ -f "$WORK/attach.pid" ] && kill -9 "$(cat "$WORK/attach.pid")" 2> /dev/null || true
}

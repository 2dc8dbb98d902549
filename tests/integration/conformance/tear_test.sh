#!/bin/bash
# Tear test through the whole stack (tear_test.cpp): kill -9 of mynasim while a wrong VERIFY is in
# flight, at random moments, until at least 100 kills landed inside a VERIFY; the counter never
# goes up and the image always loads. Usage: tear_test.sh MYNASIM FIXTURE TEAR_TEST [TEARS]
. "$(dirname "$0")/../reader/lib.sh"
. "$(dirname "$0")/sim_lib.sh"
TEAR_TEST=${3:?tear_test program}
trap 'stop_simulator; cleanup' EXIT
start_simulator
"$TEAR_TEST" "$(dirname "$(readlink -f "$0")")/sim_control.sh" --tears "${4:-100}"

# Shared by the replay scripts. Usage: bash SCRIPT MYNASIM TRACES_DIR
set -euo pipefail
MYNASIM=${1:?usage: $0 MYNASIM TRACES_DIR}
TRACES=${2:?usage: $0 MYNASIM TRACES_DIR}
WORK=$(mktemp -d /tmp/mynasim-replay-test.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
# The test card's values for the masked PINs of the shipped traces (tests/traces/README.md).
export REPLAY_PINS=$'auth=1234\nsign=DEMOPASS1\ntext=1234\ntext-a=621498320257\nsurface-a=621498320257\nsurface-birth=020401'
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
issue() {  # IMAGE [PROFILE]
  "$MYNASIM" issue-test-card --out "$1" ${2:+--profile "$2"} > /dev/null
}

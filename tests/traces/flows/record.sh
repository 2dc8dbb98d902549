#!/bin/bash
# Records every flow of this folder as tests/traces/NAME.jsonl against a freshly issued test
# card, each through its own private pcscd: bash tests/traces/flows/record.sh BUILD_DIR
set -euo pipefail
BUILD=${1:?usage: $0 BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
MYNASIM=$BUILD/tools/mynasim/mynasim
WORK=$(mktemp -d /tmp/mynasim-traces.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$MYNASIM" issue-test-card --out "$WORK/card.img" > /dev/null
for flow in opensc_bind opensc_sign opensc_login_status myna_reads jpki_rs_reads myna_card_probes \
            myna_card_reads; do
  cp "$WORK/card.img" "$WORK/flow.img"  # every flow starts from the card as issued
  "$MYNASIM" exec --card "$WORK/flow.img" -- \
    /usr/bin/python3 "$HERE/tracegen.py" "$flow" "$HERE/../${flow//_/-}.jsonl"
  echo "recorded ${flow//_/-}.jsonl"
done

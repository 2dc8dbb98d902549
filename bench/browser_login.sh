# bench_browser_login's harness: an authority, its OCSP responder, a card and mynaportal
# (tests/integration/portal/lib.sh's start_world, the same world the browser test logs in to),
# the host manifest in a fresh chromium profile, then bench/browser_login.mjs inside a private
# pcscd holding the card. Its JSON goes to stdout; everything else to stderr.
# Usage: bash browser_login.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL N
N=${5:?usage: $0 MYNACA MYNASIM MYNATOOL MYNAPORTAL N}
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE/tests/integration/portal/lib.sh"
require_chromium
start_world > /dev/null
"$MYNATOOL" native-host install --user-data-dir "$WORK/profile" > /dev/null
mkdir -p "$WORK/pinentry"
export PINENTRY=$SOURCE/tests/integration/tools/pinentry_standin.sh PINENTRY_DIR=$WORK/pinentry
"$MYNASIM" exec --card "$WORK/card.img" -- node "$SOURCE/bench/browser_login.mjs" "$ORIGIN" \
  "$WORK/profile" "$SOURCE/tools/extension" "$MYNATOOL" "$TLS_CA" "$N"

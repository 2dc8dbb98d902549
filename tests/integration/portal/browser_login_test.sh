# The login page in a real browser: Debian's chromium, driven by playwright-core (tests/browser),
# opens /login and reads the code; `mynatool login --code` completes the login with the simulated
# card through a private pcscd; the page goes by itself to my page, which shows the holder
# mynatool was told about and the login in the access records; its logout button works; the
# browser refused nothing under the portal's CSP (no inline script or style).
# Usage: bash browser_login_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
require_chromium

start_world
node "$BROWSER_DIR/login_test.mjs" "$ORIGIN" > "$WORK/browser.log" 2>&1 &
BROWSER_PID=$!
BACKGROUND+=("$BROWSER_PID")
wait_for_line "$WORK/browser.log" '^CODE ' 60  # chromium starts slowly on a busy machine
code=$(sed -n 's/^CODE //p' "$WORK/browser.log")

out=$(tool login "$ORIGIN" --code "$code" --cacert "$TLS_CA" --pin-env TEST_PIN) ||
  fail "mynatool login --code $code: $out"
holder=$(sed -n 's/.* logged in as holder \([0-9a-f]*\)$/\1/p' <<< "$out")
[ ${#holder} -eq 32 ] || fail "mynatool did not name the holder: $out"

wait "$BROWSER_PID" || fail "the browser's side failed: $(cat "$WORK/browser.log")"
browser=$(cat "$WORK/browser.log")
expect_contains "$browser" "HOLDER $holder" "my page's holder"
expect_contains "$browser" "ACCESS mynaportal login logged in with the card (login code shown in a browser); revocation checked by ocsp" "my page's access record"
expect_contains "$browser" "COOKIE mynaportal_session secure=true httpOnly=true sameSite=Strict" "session cookie"
expect_contains "$browser" "ROTATED yes" "session rotation"
expect_contains "$browser" "LOGOUT yes" "my page's logout (a JSON POST from static/mypage.js)"
expect_contains "$browser" "CONSOLE-ERRORS 0" "nothing refused under the CSP, no script error"
echo "browser login: ok (holder $holder)"

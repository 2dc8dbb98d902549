# Logging in inside the browser (docs/native-host.md): Debian's chromium (headless=new) or
# firefox-esr (headless, WebDriver BiDi), tests/browser/browsers.mjs, with the unpacked extension
# (tools/extension) and the host manifest where that browser looks (chromium: the profile given
# by --user-data-dir; firefox: $HOME/.mozilla, HOME being the test's), inside a private pcscd
# holding the card (mynasim exec); the PIN comes from a pinentry stand-in
# (tests/integration/tools/pinentry_standin.sh). Checked: the page offers
# the card reader; a wrong PIN shows the tries left and pinentry showed the origin and the tries;
# the login reaches my page (screenshot: build/native-login.png, README's main job); a page of
# another origin that claims the portal's origin gets a token the portal refuses; the card
# removed during the signature (a fault on INS 2A) gives a clear error and no login; the last try
# needs the holder's confirmation; a blocked card shows the municipal office message; with the
# host manifest gone, the page gets ERR_HOST_UNAVAILABLE and the browser's reason.
# Usage: bash native_login_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL [SCREENSHOT] [BROWSER]
. "$(dirname "$0")/lib.sh"
SOURCE=$(cd "$(dirname "$0")/../../.." && pwd)
SCREENSHOT=${5:-$WORK/native-login.png}
BROWSER=${6:-chromium}
PROFILE=$WORK/profile
case "$BROWSER" in
  chromium)
    require_chromium
    EXTENSION_ID=kpkiklppljkgbjbifjafmfkkelklmlip
    install_host() { "$MYNATOOL" native-host install --user-data-dir "$PROFILE"; }
    manifest=$PROFILE/NativeMessagingHosts/org.mynasim.login.json
    allowed='"allowed_origins": [
    "chrome-extension://kpkiklppljkgbjbifjafmfkkelklmlip/"'
    host_missing="Specified native messaging host not found." ;;
  firefox)
    [ -x /usr/bin/firefox-esr ] || fail "/usr/bin/firefox-esr missing: bash scripts/install-deps.sh (Debian package firefox-esr)"
    EXTENSION_ID=login@mynasim.example
    # PROFILE is the HOME the browser runs with (browsers.mjs): Firefox looks there.
    install_host() { HOME=$PROFILE "$MYNATOOL" native-host install --browser firefox; }
    manifest=$PROFILE/.mozilla/native-messaging-hosts/org.mynasim.login.json
    allowed='"allowed_extensions": [
    "login@mynasim.example"'
    host_missing="No such native application org.mynasim.login" ;;
  *) fail "unknown browser $BROWSER: chromium or firefox" ;;
esac
for module in playwright-core puppeteer-core; do
  [ -d "$BROWSER_DIR/node_modules/$module" ] ||
    fail "$module missing: bash scripts/install-deps.sh (runs npm ci in tests/browser)"
done

start_world
installed=$(install_host) || fail "install: $installed"
[ -f "$manifest" ] || fail "no host manifest at $manifest: $installed"
expect_contains "$(cat "$manifest")" "$allowed" "the host manifest's allowed callers"

# Another origin's page: plain HTTP on 127.0.0.1 (a secure context), with the page API.
mkdir -p "$WORK/evil" "$WORK/pinentry"
cp "$SOURCE/tools/mynaportal/static/mynasim-login.js" "$WORK/evil/"
printf '<!DOCTYPE html><title>another site</title><script src="mynasim-login.js"></script>\n' > "$WORK/evil/index.html"
evil_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$WORK/evil" "$evil_port" > "$WORK/evil.log" 2>&1 &
BACKGROUND+=($!)
wait_for_line "$WORK/evil.log" 'Serving HTTP' 10

export PINENTRY=$SOURCE/tests/integration/tools/pinentry_standin.sh PINENTRY_DIR=$WORK/pinentry HOST_MANIFEST=$manifest
"$MYNASIM" exec --card "$WORK/card.img" -- node "$BROWSER_DIR/native_login_test.mjs" "$ORIGIN" \
  "$PROFILE" "$SOURCE/tools/extension" "http://127.0.0.1:$evil_port/" "$MYNASIM" "$SCREENSHOT" "$BROWSER" \
  > "$WORK/browser.log" 2>&1 || fail "the browser's side failed: $(cat "$WORK/browser.log")"
browser=$(cat "$WORK/browser.log")
echo "$browser"
expect_contains "$browser" "EXTENSION $EXTENSION_ID" "the extension's ID (chromium: its manifest key; firefox: browser_specific_settings.gecko.id)"
expect_contains "$browser" "OFFERED yes" "the login page offering the card reader"
expect_contains "$browser" "WRONG ERR_PIN_WRONG Wrong PIN: 2 tries left. (ERR_PIN_WRONG)" "a wrong PIN"
expect_contains "$browser" "PINENTRY-WRONG SETDESC $ORIGIN asks you to log in with your My Number card.%0A%0AEnter the user-authentication PIN (4 digits) — 3 tries left. GETPIN" "pinentry's text"
expect_contains "$browser" "PINENTRY-OK SETDESC $ORIGIN asks you to log in with your My Number card.%0A%0AEnter the user-authentication PIN (4 digits) — 2 tries left. GETPIN" "pinentry's text after a wrong PIN"
holder=$(sed -n 's/^HOLDER //p' <<< "$browser")
[ ${#holder} -eq 32 ] || fail "my page named no holder: $browser"
[ -s "$SCREENSHOT" ] || fail "no screenshot at $SCREENSHOT"
expect_contains "$browser" "PINENTRY-EVIL SETDESC http://127.0.0.1:$evil_port asks you to log in" "pinentry naming the other page's origin"
expect_contains "$browser" "EVIL 401 SIGNATURE_INVALID" "the other origin's token refused by the portal"
expect_contains "$browser" "REMOVED ERR_CARD_REMOVED The card was removed during the login: nothing was signed. Put it back and try again. (ERR_CARD_REMOVED)" "the card removed during the signature"
expect_contains "$browser" "REMOVED-URL /login" "no login after the removal"
expect_contains "$browser" "REMOVED-MYPAGE 401" "no session after the removal"
expect_contains "$browser" "WRONG2 ERR_PIN_WRONG Wrong PIN: 2 tries left." "a wrong PIN after a good login"
expect_contains "$browser" "WRONG3 ERR_PIN_WRONG Wrong PIN: 1 try left. One more wrong PIN blocks the card." "one try left"
expect_contains "$browser" "DECLINED ERR_USER_CANCELLED you chose not to risk the last try; nothing was signed (ERR_USER_CANCELLED)" "the last try declined"
expect_contains "$browser" "PINENTRY-DECLINED SETDESC $ORIGIN asks you to log in.%0A%0AThe user-authentication PIN has 1 try left" "the confirmation asked"
expect_contains "$browser" "BLOCKED ERR_PIN_BLOCKED The PIN is blocked: take the card to your municipal office to have it unblocked. (ERR_PIN_BLOCKED)" "the blocked card"
expect_contains "$browser" "BLOCKED-AGAIN ERR_PIN_BLOCKED The PIN is blocked: take the card to your municipal office" "a blocked card, asked again"
expect_contains "$browser" "PINENTRY-BLOCKED none" "no PIN asked for a blocked card"
expect_contains "$browser" "HOST-GONE ERR_HOST_UNAVAILABLE the native host (mynatool native-host) did not answer: $host_missing" "the host not installed"
echo "native login in $BROWSER: ok (holder $holder, screenshot $SCREENSHOT)"

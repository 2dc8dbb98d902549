# The sample relying party (examples/relying-party: Node, openid-client) against mynaportal's
# OpenID Connect provider, in a real browser: Debian's chromium, driven by playwright-core
# (tests/browser/relying_party_test.mjs), logs in at the relying party; the provider's login
# code is completed by mynatool with the simulated card in a private pcscd; the relying party shows
# the pairwise sub (the one userinfo gives), acr, amr and auth_time. Then single sign-on in the
# same browser (another client: another sub; the same client again), prompt=login, and each
# refusal through openid-client with its exact OAuth error: a wrong redirect URI, a missing state
# or nonce, a missing or wrong PKCE verifier, a reused code (its tokens revoked), a wrong client
# secret (also through the sample app: rp3 is the app with that secret), an expired code, and a
# tampered ID token (refused by openid-client itself). And the four attributes: rp4, the app
# asking for `name address birthdate gender`, is sent to a card login although the browser is
# logged in (the attributes are read from the card at a login for the request); the login page
# says the signature password will be asked; mynatool gives it; the provider's consent screen
# names rp4 and each attribute with its value; allowed, rp4 shows them, each exactly as the card's
# signature certificate has them (read separately with mynatool cert and openssl, lib.sh);
# declined, rp4 shows openid-client's access_denied.
# Usage: bash relying_party_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
RP_DIR=$(cd "$(dirname "$0")/../../../examples/relying-party" && pwd)
require_chromium
[ -d "$RP_DIR/node_modules/openid-client" ] ||
  fail "openid-client missing: bash scripts/install-deps.sh (runs npm ci in examples/relying-party)"

# Long enough for a loaded machine between the provider's redirect and the relying party's
# exchange; the expired-code check waits this long.
CODE_LIFETIME=8
PORTAL_ARGS=(--oidc-code-lifetime "$CODE_LIFETIME")
start_world

# The attributes the provider must give, as the card's signature certificate has them.
card_attributes
export CARD_NAME CARD_ADDRESS CARD_BIRTHDATE CARD_GENDER

# Four instances of the sample app: rp1 and rp2 (two clients), rp3, a second redirect URI of rp1
# whose app holds a wrong secret, and rp4 (a third client) asking for the four attributes. rp1,
# rp3 and rp4 are reached as localhost, rp2 as 127.0.0.1: both another site than the provider
# (https://127.0.0.1:PORT), as a real relying party is.
export RP1_SECRET=rp1-secret-0123456789abcdefghijklmnop RP2_SECRET=rp2-secret-0123456789abcdefghijklmnop
export RP3_SECRET=not-the-secret-0123456789abcdefghijkl RP4_SECRET=rp4-secret-0123456789abcdefghijklmnop
port1=$(free_port) port2=$(free_port) port3=$(free_port) port4=$(free_port) port5=$(free_port)
RP1=http://localhost:$port1 RP2=http://127.0.0.1:$port2 RP3=http://localhost:$port3 RP4=http://localhost:$port5
CAPTURE=http://localhost:$port4  # the browser's side's own redirect URI, for the refusals
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp1 --redirect-uri "$RP1/callback" \
  --redirect-uri "$RP3/callback" --redirect-uri "$CAPTURE/callback" --secret-env RP1_SECRET > /dev/null
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp2 --redirect-uri "$RP2/callback" \
  --secret-env RP2_SECRET > /dev/null
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp4 --redirect-uri "$RP4/callback" \
  --secret-env RP4_SECRET > /dev/null
export NODE_EXTRA_CA_CERTS=$TLS_CA  # the provider's TLS certificate, for openid-client
start_rp() {  # NAME CLIENT PORT BASE-URL [OPTION...]
  local name=$1 client=$2 port=$3 base=$4
  shift 4
  node "$RP_DIR/server.mjs" --issuer "$ORIGIN" --client-id "$client" \
    --secret-env "${name^^}_SECRET" --listen "127.0.0.1:$port" --base-url "$base" "$@" \
    > "$WORK/$name.log" 2>&1 &
  BACKGROUND+=($!)
}
start_rp rp1 rp1 "$port1" "$RP1" --acr-values "aal3 crl"
start_rp rp2 rp2 "$port2" "$RP2"
start_rp rp3 rp1 "$port3" "$RP3"
start_rp rp4 rp4 "$port5" "$RP4" --scopes "name address birthdate gender"
for name in rp1 rp2 rp3 rp4; do wait_for_line "$WORK/$name.log" '^relying party: listening on ' 30; done

# How the browser's side logs in with the card: mynatool in a private pcscd, PIN from TEST_PIN
# (and, for rp4, the signature password from TEST_PASSWORD).
LOGIN_COMMAND=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' \
  "$MYNASIM" exec --card "$WORK/card.img" -- "$MYNATOOL" login "$ORIGIN" --cacert "$TLS_CA" \
  --pin-env TEST_PIN)
LOGIN_COMMAND=$LOGIN_COMMAND CODE_LIFETIME=$CODE_LIFETIME \
  node "$BROWSER_DIR/relying_party_test.mjs" "$ORIGIN" "$RP1" "$RP2" "$RP3" "$RP4" "$CAPTURE" "$RP_DIR" \
  > "$WORK/browser.log" 2>&1 || fail "the browser's side: $(cat "$WORK/browser.log")"
cat "$WORK/browser.log"
expect_contains "$(cat "$WORK/browser.log")" "relying party: ok" "the browser's side"

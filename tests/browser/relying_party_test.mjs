// The browser's and the client library's half of tests/integration/portal/relying_party_test.sh.
// Debian's chromium opens the sample relying party (examples/relying-party), is sent to
// mynaportal's login page, whose code this script completes with the card (LOGIN_COMMAND +
// --code CODE: mynatool in a private pcscd), and comes back to the relying party, which shows the
// verified claims. Then single sign-on in the same browser (another client, and the same client
// again, each without a card login), prompt=login (a card login again), and the refusals, each
// through openid-client (the sample's relying_party.mjs) with the error asserted exactly: the
// provider's where it refuses, the library's where it does (a tampered ID token). And the four
// attributes (RP4: the sample asking for name address birthdate gender): a card login with the
// signature password although the browser is logged in, the provider's consent screen, then
// the attributes at the relying party, or its access_denied when the holder declines.
// Prints "ok WHAT: VALUE" per check; any failed check throws (exit 1).
// Usage: node relying_party_test.mjs ORIGIN RP1_URL RP2_URL RP3_URL RP4_URL CAPTURE_URL RP_DIR
// Environment: LOGIN_COMMAND (JSON array), RP1_SECRET, RP2_SECRET, CODE_LIFETIME (seconds),
// NODE_EXTRA_CA_CERTS (the portal's TLS CA, for openid-client); CARD_NAME, CARD_ADDRESS,
// CARD_BIRTHDATE, CARD_GENDER (the attributes as the card's signature certificate has them, read
// without the portal); TEST_PASSWORD (the signature password, given to mynatool by name).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { launchChromium } from './chromium.mjs';

const [origin, rp1, rp2, rp3, rp4, capture, rpDir] = process.argv.slice(2);
const loginCommand = JSON.parse(process.env.LOGIN_COMMAND);
const codeLifetime = Number(process.env.CODE_LIFETIME);
const rp = await import(pathToFileURL(join(rpDir, 'relying_party.mjs')).href);

function same(what, actual, expected) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: ${a}, expected ${e}`);
  console.log(`ok ${what}: ${a}`);
}
function check(what, condition, detail) {
  if (!condition) throw new Error(`${what}: ${detail}`);
  console.log(`ok ${what}`);
}
// `promise` must fail with exactly `expected` (describeError's fields).
async function refused(what, promise, expected) {
  let problem;
  try {
    await promise;
  } catch (e) {
    problem = await rp.describeError(e);
  }
  if (!problem) throw new Error(`${what}: accepted, expected a refusal`);
  same(what, problem, expected);
}

const { browser, context } = await launchChromium();
try {
  const page = await context.newPage();
  const loginPages = [];  // every load of the provider's login page, and every code it asked for
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.url().startsWith(`${origin}/login`)) loginPages.push(r.url());
    if (r.url() === `${origin}/login/start`) loginPages.push('POST /login/start');
  });
  const atLoginPage = (u) => u.href.startsWith(`${origin}/login?next=`);

  // On the provider's login page: its code, completed with the card by mynatool (with
  // `options`, e.g. the signature password's). Returns what mynatool said on stderr.
  async function cardLogin(options = []) {
    await page.waitForURL(atLoginPage, { timeout: 30000 });
    const code = (await page.textContent('#login-code', { timeout: 30000 })).trim();
    const { stdout, stderr } = await promisify(execFile)(
      loginCommand[0], [...loginCommand.slice(1), '--code', code, ...options]);
    const holder = /logged in as holder ([0-9a-f]{32})$/m.exec(stdout)?.[1];
    check('mynatool login --code', holder, stdout);
    return stderr;
  }
  // The relying party's page after a login: its claims as it shows them (data-value: JSON).
  async function shownClaims(rpUrl) {
    await page.waitForURL(`${rpUrl}/`, { timeout: 30000 });
    const table = async (id) => {
      const claims = {};
      for (const row of await page.locator(`#${id} tr[data-claim]`).all())
        claims[await row.getAttribute('data-claim')] = JSON.parse(await row.getAttribute('data-value'));
      return claims;
    };
    return { idToken: await table('id-token'), userinfo: await table('userinfo'),
             shownSub: (await page.textContent('#sub')).trim() };
  }
  // An authorization request that must end with a code and no login page.
  // A click on the relying party's page, as a holder makes it: the navigation to the provider is
  // cross-site. (page.goto would be a navigation typed into the browser, which is not.)
  async function singleSignOn(rpUrl, what) {
    await page.goto(`${rpUrl}/`);
    const before = loginPages.length;
    await page.click('#login');
    await page.waitForURL((u) => u.href === `${rpUrl}/` || atLoginPage(u), { timeout: 30000 });
    same(`${what}: pages of the provider's login on the way`, loginPages.slice(before), []);
    return shownClaims(rpUrl);
  }

  // 1. The relying party -> the provider's login page -> the card -> back with the claims.
  const started = Math.floor(Date.now() / 1000);
  await page.goto(`${rp1}/`);
  await page.click('#login');
  await cardLogin();
  const first = await shownClaims(rp1);
  const sub = first.idToken.sub;
  check('sub is 32 hex digits', /^[0-9a-f]{32}$/.test(sub), sub);
  same('the sub shown', first.shownSub, sub);
  same('userinfo (the provider, asked by the relying party) gives the same sub', first.userinfo, { sub });
  same('iss', first.idToken.iss, origin);
  same('aud', first.idToken.aud, 'rp1');
  same('acr (acr_values "aal3 crl")', first.idToken.acr, 'aal3 crl');
  same('amr', first.idToken.amr, ['sc', 'pin', 'hwk']);
  check('auth_time is the card login', first.idToken.auth_time >= started - 1 &&
        first.idToken.auth_time <= first.idToken.iat, JSON.stringify(first.idToken));
  same('exp - iat', first.idToken.exp - first.idToken.iat, 300);
  const cookie = (await context.cookies(origin)).find((c) => c.name === 'mynaportal_session');
  same('the provider\'s session cookie', `secure=${cookie.secure} httpOnly=${cookie.httpOnly} sameSite=${cookie.sameSite}`,
       'secure=true httpOnly=true sameSite=Strict');

  // 2. Single sign-on: another client, then the same one again; no card login for either.
  const second = await singleSignOn(rp2, 'SSO to rp2');
  check('rp2\'s sub is another (pairwise)', /^[0-9a-f]{32}$/.test(second.idToken.sub) &&
        second.idToken.sub !== sub, `${second.idToken.sub} against rp1's ${sub}`);
  same('rp2: userinfo', second.userinfo, { sub: second.idToken.sub });
  same('rp2: aud', second.idToken.aud, 'rp2');
  same('rp2: auth_time is the first login\'s', second.idToken.auth_time, first.idToken.auth_time);
  const again = await singleSignOn(rp1, 'SSO to rp1 again');
  same('rp1 again: the same sub', again.idToken.sub, sub);
  same('rp1 again: auth_time is the first login\'s', again.idToken.auth_time, first.idToken.auth_time);

  // 3. prompt=login: the card again, the same holder, a new auth_time.
  await page.click('#login-again');
  await cardLogin();
  const forced = await shownClaims(rp1);
  same('prompt=login: the same sub', forced.idToken.sub, sub);
  check('prompt=login: a new auth_time', forced.idToken.auth_time > first.idToken.auth_time,
        `${forced.idToken.auth_time} after ${first.idToken.auth_time}`);

  // 4. The four attributes, at rp4. They are read from the card at a login for the request, so
  // the logged-in browser is sent to a card login all the same (no single sign-on), whose page
  // says the signature password will be asked.
  const attributes = ['name', 'address', 'birthdate', 'gender'];
  const card = { name: process.env.CARD_NAME, address: process.env.CARD_ADDRESS,
                 birthdate: process.env.CARD_BIRTHDATE, gender: process.env.CARD_GENDER };
  async function consentScreen(what) {
    await page.goto(`${rp4}/`);
    const before = loginPages.length;
    await page.click('#login');
    await page.waitForURL((u) => u.href === `${rp4}/` || atLoginPage(u), { timeout: 30000 });
    check(`${what}: a card login although the browser is logged in`, atLoginPage(new URL(page.url())),
          `the browser went to ${page.url()}`);
    same(`${what}: the login page says`, (await page.textContent('#attributes-asked', { timeout: 30000 })).trim(),
         'rp4 asks for your name, address, birthdate, gender: mynatool will also ask for the ' +
         'signature password (6 to 16 characters) to read them from your card. You will be ' +
         'asked to consent before anything is sent.');
    const said = await cardLogin(['--sign-password-env', 'TEST_PASSWORD']);
    check(`${what}: mynatool reads the signature certificate`,
          said.includes('rp4 asks for the holder\'s name, address, birthdate, gender: reading the signature certificate'), said);
    same(`${what}: the provider's login page was loaded once`,
         loginPages.slice(before).filter((u) => u !== 'POST /login/start').length, 1);
    // The consent screen, at the authorization request's URL.
    await page.waitForSelector('#consent', { timeout: 30000 });
    check(`${what}: the consent screen is the provider's`, page.url().startsWith(`${origin}/oidc/auth?`), page.url());
    same(`${what}: consent names the client`, (await page.textContent('#client')).trim(), 'rp4');
    const rows = [];
    for (const row of await page.locator('#attributes tr[data-scope]').all())
      rows.push([await row.getAttribute('data-scope'), ...(await row.locator('td').allTextContents())]);
    same(`${what}: consent names each attribute with its value`, rows, [
      ['name', 'name (氏名)', card.name],
      ['address', 'address (住所)', card.address],
      ['birthdate', 'birth date (生年月日)', card.birthdate],
      ['gender', 'gender (性別)', card.gender]]);
  }

  await consentScreen('rp4 allowed');
  await page.click('#allow');
  const withAttributes = await shownClaims(rp4);
  const rp4Sub = withAttributes.idToken.sub;
  check('rp4\'s sub is another (pairwise)', /^[0-9a-f]{32}$/.test(rp4Sub) && rp4Sub !== sub &&
        rp4Sub !== second.idToken.sub, `${rp4Sub} against rp1's ${sub} and rp2's ${second.idToken.sub}`);
  same('rp4: the sub shown', withAttributes.shownSub, rp4Sub);
  same('rp4: the scope shown', (await page.textContent('#scope')).trim(), 'openid name address birthdate gender');
  const expected = { name: card.name, address: { formatted: card.address }, birthdate: card.birthdate,
                     gender: card.gender };
  for (const name of attributes) {
    same(`rp4: the ID token's ${name}`, withAttributes.idToken[name], expected[name]);
    same(`rp4: userinfo's ${name}`, withAttributes.userinfo[name], expected[name]);
  }
  same('rp4: userinfo gives the sub and the four attributes, nothing else',
       Object.keys(withAttributes.userinfo).sort(), ['sub', ...attributes].sort());
  // The attributes as the relying party's page shows them (the address as its formatted text).
  const shown = [];
  for (const row of await page.locator('#attributes tr[data-claim]').all())
    shown.push([await row.getAttribute('data-claim'), (await row.locator('td').textContent()).trim()]);
  same('rp4: the attributes shown', shown.sort(),
       [['name', card.name], ['address', card.address], ['birthdate', card.birthdate],
        ['gender', card.gender]].sort());

  // Declined: the provider sends rp4 access_denied, which openid-client reports to the app.
  await consentScreen('rp4 declined');
  await page.click('#deny');
  await page.waitForURL((u) => u.href.startsWith(`${rp4}/callback?`), { timeout: 30000 });
  const error = page.locator('#error');
  same('rp4 declined: the relying party\'s page', [await error.getAttribute('data-by'),
       await error.getAttribute('data-error'), (await error.textContent()).trim()],
       ['provider', 'access_denied', 'access_denied: the holder declined to give name, address, birthdate, gender']);
  check('rp4 declined: no attribute reached the page', (await page.content()).indexOf(card.name) === -1,
        'the name is on the page');

  // 5. The sample relying party with a wrong secret (rp3, registered as rp1 too) shows the
  // provider's refusal.
  await page.goto(`${rp3}/`);
  await page.click('#login');
  await page.waitForURL((u) => u.href.startsWith(`${rp3}/callback?`), { timeout: 30000 });
  same('the relying party\'s page for a wrong secret', (await page.textContent('#error')).trim(),
       'invalid_client: unknown client or wrong secret');

  // 6. The refusals, through openid-client. The browser (logged in: single sign-on) takes each
  // authorization request to the provider; the answer goes to this script's own redirect URI
  // (CAPTURE_URL/callback, one of rp1's), whose little server keeps it. (Playwright's page.route
  // sees no request a redirect made, so the answer cannot be caught in the browser.)
  const redirectUri = `${capture}/callback`;
  const config = await rp.discover({ issuer: origin, clientId: 'rp1', clientSecret: process.env.RP1_SECRET });
  const captured = [];
  const captureServer = createServer((req, res) => {
    const url = new URL(req.url, capture);
    if (url.pathname === '/callback') captured.push(url);  // not the browser's /favicon.ico
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('taken by the test');
  });
  await new Promise((resolve) => captureServer.listen(Number(new URL(capture).port), '127.0.0.1', resolve));
  async function authorizationResponse(url) {
    const before = captured.length;
    const response = await page.goto(url.href);
    return { back: captured[before], response };
  }
  async function newCode(options = {}) {
    const login = await rp.beginLogin(config, { redirectUri, ...options });
    const { back } = await authorizationResponse(login.url);
    check('a code for the logged-in browser', back?.searchParams.get('code'), back?.href);
    return { back, checks: login.checks };
  }

  // A redirect URI that is not registered byte for byte (the same server, spelled 127.0.0.1):
  // the provider's 400 page; nothing is sent to that URI.
  {
    const login = await rp.beginLogin(config, { redirectUri: redirectUri.replace('localhost', '127.0.0.1') });
    const { back, response } = await authorizationResponse(login.url);
    same('wrong redirect URI: the provider answers', response.status(), 400);
    same('wrong redirect URI: nothing went to it', back, undefined);
    check('wrong redirect URI: the browser stays at the provider', page.url().startsWith(`${origin}/oidc/auth?`), page.url());
    same('wrong redirect URI: the page', (await page.textContent('p.error')).trim(),
         'invalid_request: redirect_uri is not one registered for rp1 (exact match)');
  }
  for (const [name, description] of [['state', 'state is required'], ['nonce', 'nonce is required']]) {
    const login = await rp.beginLogin(config, { redirectUri });
    login.url.searchParams.delete(name);
    const { back } = await authorizationResponse(login.url);
    await refused(`missing ${name}`, rp.finishLogin(config, back, { ...login.checks, [name]: undefined }),
                  { by: 'provider', error: 'invalid_request', description });
  }
  {
    const { back, checks } = await newCode();
    await refused('missing PKCE verifier', rp.finishLogin(config, back, { ...checks, verifier: undefined }),
                  { by: 'provider', error: 'invalid_grant', description: 'code_verifier is missing (PKCE is required)', status: 400 });
    await refused('the code after a missing verifier (burnt)', rp.finishLogin(config, back, checks),
                  { by: 'provider', error: 'invalid_grant', description: 'the code was already used; the tokens it gave are revoked', status: 400 });
  }
  {
    const { back, checks } = await newCode();
    await refused('wrong PKCE verifier', rp.finishLogin(config, back, { ...checks, verifier: randomBytes(32).toString('base64url') }),
                  { by: 'provider', error: 'invalid_grant', description: 'code_verifier does not match the code_challenge (PKCE S256)', status: 400 });
  }
  {
    const { back, checks } = await newCode();
    const tokens = await rp.finishLogin(config, back, checks);
    same('the driver\'s own exchange: rp1\'s sub', tokens.claims.sub, sub);
    await refused('reused code', rp.finishLogin(config, back, checks),
                  { by: 'provider', error: 'invalid_grant', description: 'the code was already used; the tokens it gave are revoked', status: 400 });
    await refused('the first exchange\'s access token after the reuse', rp.readUserinfo(config, tokens.accessToken, sub),
                  { by: 'provider', error: 'invalid_token', description: 'the access token is unknown, expired or revoked', status: 401, challenge: 'bearer' });
  }
  {
    const wrong = await rp.discover({ issuer: origin, clientId: 'rp1', clientSecret: 'wrong-secret-0123456789abcdefghijklmnop' });
    const { back, checks } = await newCode();
    await refused('wrong client secret', rp.finishLogin(wrong, back, checks),
                  { by: 'provider', error: 'invalid_client', description: 'unknown client or wrong secret', status: 401, challenge: 'basic' });
    const tokens = await rp.finishLogin(config, back, checks);
    same('the code after a wrong secret still works for its client', tokens.claims.sub, sub);
  }
  {
    const { back, checks } = await newCode();
    await new Promise((resolve) => setTimeout(resolve, (codeLifetime + 1) * 1000));
    await refused('expired code', rp.finishLogin(config, back, checks),
                  { by: 'provider', error: 'invalid_grant', description: 'the code has expired', status: 400 });
  }
  // A tampered ID token: the token endpoint's answer changed on its way (openid-client's
  // customFetch), once in the claims (another sub) and once in the signature (a byte flipped).
  const tamperings = {
    'another sub in the payload': ([h, p, s]) => {
      const claims = JSON.parse(Buffer.from(p, 'base64url'));
      claims.sub = claims.sub.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      return [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s];
    },
    'a byte of the signature flipped': ([h, p, s]) => {
      const signature = Buffer.from(s, 'base64url');
      signature[10] ^= 0x01;
      return [h, p, signature.toString('base64url')];
    },
  };
  for (const [how, tamper] of Object.entries(tamperings)) {
    const tampering = await rp.discover({
      issuer: origin, clientId: 'rp1', clientSecret: process.env.RP1_SECRET,
      fetch: async (url, options) => {
        const response = await fetch(url, options);
        if (String(url) !== config.serverMetadata().token_endpoint || response.status !== 200)
          return response;
        const body = await response.json();
        body.id_token = tamper(body.id_token.split('.')).join('.');
        const headers = new Headers(response.headers);
        headers.delete('content-length');
        return new Response(JSON.stringify(body), { status: 200, headers });
      },
    });
    const { back, checks } = await newCode();
    await refused(`tampered ID token (${how})`, rp.finishLogin(tampering, back, checks),
                  { by: 'openid-client', error: 'OAUTH_INVALID_RESPONSE', description: 'JWT signature verification failed' });
  }
  console.log('relying party: ok');
  captureServer.close();
} finally {
  await browser.close();
}

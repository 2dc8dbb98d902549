// The browser's half of the scope sign test (tests/integration/portal/oidc_sign_test.sh): Debian's
// chromium opens two OpenID Connect authorization requests with scope "openid sign".
//
// The first's sign transaction has markup in its display_text: the login page's notice
// (#sign-asked, static/login.js) must show it as text. Printed: the notice (INJECTED-ASKED) and
// what markup would have made (INJECTED-MARKUP: elements inside the notice, img elements other
// than the QR code, requests for the img's src, whether its onerror ran).
// The second is signed from the browser: its notice (SIGN-ASKED), the login code (CODE), which
// the shell completes with `mynatool login --code --sign-password-env` meanwhile; then the page
// goes by itself to the consent screen, whose client, text and digest are printed (CONSENT-*),
// and Allow is clicked; the redirect URI (https://rp.example/cb, not a real host: taken here by
// page.route, the navigation being consent.js's own) is printed (REDIRECT) for the shell to
// exchange the code. Last, what the browser refused or threw (CONSOLE lines, CONSOLE-ERRORS).
// Usage: node sign_page_test.mjs ORIGIN INJECTED_QUERY SIGN_QUERY (/oidc/auth's query strings)
import { launchChromium } from './chromium.mjs';

const [origin, injectedQuery, signQuery] = process.argv.slice(2);
const problems = [];
function watch(page) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} [${m.location().url}]`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}
const notice = async (page) => (await page.textContent('#sign-asked', { timeout: 30000 })).trim();

const { browser, context } = await launchChromium();
try {
  // The relying party's redirect URI: answered here, so that the browser lands somewhere.
  let redirect = null;
  await context.route('https://rp.example/**', (route) => {
    redirect = route.request().url();
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'the relying party' });
  });

  const injected = watch(await context.newPage());
  const imgRequests = [];
  injected.on('request', (r) => {
    if (new URL(r.url()).pathname === '/x') imgRequests.push(r.url());
  });
  await injected.goto(`${origin}/oidc/auth?${injectedQuery}`);
  console.log(`INJECTED-ASKED ${await notice(injected)}`);
  const markup = await injected.evaluate(() => ({
    elements: document.getElementById('sign-asked').childElementCount,
    images: document.querySelectorAll('img:not(#qr)').length,
    ran: document.body.dataset.injected !== undefined,
  }));
  console.log(`INJECTED-MARKUP elements=${markup.elements} images=${markup.images} ` +
              `requests=${imgRequests.length} onerror-ran=${markup.ran}`);
  await injected.close();  // its login code is left to expire, as an abandoned page's is

  const page = watch(await context.newPage());
  await page.goto(`${origin}/oidc/auth?${signQuery}`);
  console.log(`SIGN-ASKED ${await notice(page)}`);
  console.log(`CODE ${(await page.textContent('#login-code')).trim()}`);
  // The shell runs mynatool once it has seen CODE, after its own steps: a generous wait.
  await page.waitForSelector('#consent', { timeout: 90000 });
  const atRequest = page.url().startsWith(`${origin}/oidc/auth?`);
  console.log(`CONSENT-URL ${atRequest ? 'the authorization request' : page.url()}`);
  const shown = [['CLIENT', 'sign-client'], ['TEXT', 'sign-text'], ['DIGEST', 'sign-digest']];
  for (const [line, id] of shown)
    console.log(`CONSENT-${line} ${(await page.textContent(`#${id}`)).trim()}`);
  await page.click('#allow');
  await page.waitForURL((u) => u.origin === 'https://rp.example', { timeout: 30000 });
  console.log(`REDIRECT ${redirect}`);
  for (const p of problems) console.log(`CONSOLE ${p}`);
  console.log(`CONSOLE-ERRORS ${problems.length}`);
} finally {
  await browser.close();
}

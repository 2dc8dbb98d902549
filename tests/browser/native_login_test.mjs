// The browser's half of tests/integration/portal/native_login_test.sh: a real browser with the
// unpacked extension (tools/extension) and the native host's manifest where that browser looks
// (browsers.mjs: chromium, or firefox) logs in to mynaportal with the card in the private pcscd
// this runs inside (mynasim exec). The PIN comes from the pinentry stand-in (PINENTRY,
// PINENTRY_DIR), told here what to answer. Prints one line per finding; the shell script checks
// them. With ONLY_LOGIN=1 (scripts/demo.sh), only the good login, its screenshot and the logout.
// HOST_MANIFEST: the host manifest, moved away at the end to see the host missing.
// Usage: node native_login_test.mjs ORIGIN PROFILE EXTENSION EVIL_URL MYNASIM SCREENSHOT [BROWSER]
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { openBrowser, waitForUrl } from './browsers.mjs';

const [origin, profile, extension, evilUrl, mynasim, screenshot, browserName = 'chromium'] =
  process.argv.slice(2);
const pinDir = process.env.PINENTRY_DIR;
const hostManifest = process.env.HOST_MANIFEST;
const answer = (pin, confirm = 'no') => {
  writeFileSync(`${pinDir}/pin`, pin);
  writeFileSync(`${pinDir}/confirm`, confirm);
  rmSync(`${pinDir}/log`, { force: true });
};
const pinentryLog = () => {
  try {
    return readFileSync(`${pinDir}/log`, 'utf8');
  } catch (e) {
    return '';
  }
};
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

const browser = await openBrowser(browserName, profile, extension);
try {
  console.log(`BROWSER ${browser.version}`);
  console.log(`EXTENSION ${browser.extensionId}`);
  const page = await browser.newPage();
  const statusText = () =>
    page.evaluate(() => {
      const status = document.querySelector('#card-status');
      return `${status.dataset.error} ${status.textContent}`;
    });

  // Clicks "log in with this computer's card reader" and waits for an error on the page.
  const failedLogin = async () => {
    await page.click('#card-login');
    await page.waitForSelector('#card-status[data-error]', { timeout: 60000 });
    return oneLine(await statusText());
  };

  await page.goto(`${origin}/login`);
  await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
  console.log('OFFERED yes');

  const onlyLogin = process.env.ONLY_LOGIN === '1';
  if (!onlyLogin) {
    // A wrong PIN: the page says how many tries are left.
    answer('0000');
    console.log(`WRONG ${await failedLogin()}`);
    console.log(`PINENTRY-WRONG ${oneLine(pinentryLog())}`);
  }

  // The right PIN (LOGIN_PIN when given: scripts/demo.sh's): my page.
  answer(process.env.LOGIN_PIN ?? '1234');
  const started = Date.now();
  await page.click('#card-login');
  await waitForUrl(page, `${origin}/mypage`, 60000);
  await page.waitForSelector('#holder code', { timeout: 20000 });
  console.log(`LOGIN-MS ${Date.now() - started}`);
  console.log(`HOLDER ${(await page.evaluate(() => document.querySelector('#holder code').textContent)).trim()}`);
  console.log(`PINENTRY-OK ${oneLine(pinentryLog())}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('#logout');
  await waitForUrl(page, `${origin}/login`, 10000);
  // The login page loaded (the URL changes before the load, unlike playwright's waitForURL).
  await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
  if (!onlyLogin) {
    // A page of another origin asks for a token and claims the portal's origin in its message:
    // the host signs for the origin the browser reports, so the portal refuses the token.
    const challenge = await page.evaluate(async () => (await fetch('/api/challenge')).json());
    const evil = await browser.newPage();
    await evil.goto(evilUrl);
    answer('1234');
    const evilToken = await evil.evaluate(
      ([nonce, claimed]) =>
        new Promise((resolve) => {
          const id = 'evil-1';
          window.addEventListener('message', (e) => {
            if (e.data && e.data.id === id && e.data.action === 'mynasim:authenticate-success')
              resolve(e.data.token);
            if (e.data && e.data.id === id && e.data.action === 'mynasim:authenticate-failure')
              resolve(null);
          });
          window.postMessage({ action: 'mynasim:authenticate', id, nonce, origin: claimed }, '*');
        }),
      [challenge.nonce, origin]);
    console.log(`PINENTRY-EVIL ${oneLine(pinentryLog())}`);
    // Relayed to the portal from its own page (so with the portal's Origin header).
    const relayed = await page.evaluate(
      async (body) => {
        const r = await fetch('/api/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return `${r.status} ${(await r.json()).error}`;
      },
      { token: evilToken, nonce: challenge.nonce, origin });
    console.log(`EVIL ${relayed}`);
    await evil.close();

    // The card pulled out during the signature (COMPUTE DIGITAL SIGNATURE, INS 2A): no login.
    await page.goto(`${origin}/login`);
    await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
    answer('1234');
    execFileSync(mynasim, ['fault', 'add',
      '{"match": {"ins": "2A"}, "nth": 1, "action": "remove", "when": "during", "reinsert_ms": 300}']);
    console.log(`REMOVED ${await failedLogin()}`);
    console.log(`REMOVED-URL ${new URL(page.url()).pathname}`);
    const mine = await page.evaluate(async () => (await fetch('/api/mypage')).status);
    console.log(`REMOVED-MYPAGE ${mine}`);
    await new Promise((r) => setTimeout(r, 1000));  // the card comes back

    // Down to the last try; it is not risked without the holder's confirmation; then blocked.
    await page.goto(`${origin}/login`);
    await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
    answer('0000');
    console.log(`WRONG2 ${await failedLogin()}`);
    answer('0000');
    console.log(`WRONG3 ${await failedLogin()}`);
    answer('0000', 'no');
    console.log(`DECLINED ${await failedLogin()}`);
    console.log(`PINENTRY-DECLINED ${oneLine(pinentryLog())}`);
    answer('0000', 'yes');
    console.log(`BLOCKED ${await failedLogin()}`);
    await page.goto(`${origin}/login`);
    await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
    answer('1234', 'yes');
    console.log(`BLOCKED-AGAIN ${await failedLogin()}`);
    console.log(`PINENTRY-BLOCKED ${oneLine(pinentryLog()) || 'none'}`);

    // The host uninstalled (its manifest gone): the page gets ERR_HOST_UNAVAILABLE with the
    // browser's reason.
    renameSync(hostManifest, `${hostManifest}.away`);
    const gone = await page.evaluate(() =>
      mynasimLogin.status().then(() => 'answered', (e) => `${e.code} ${e.message}`));
    console.log(`HOST-GONE ${gone}`);
  }
} finally {
  await browser.close();
}

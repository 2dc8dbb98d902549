// The browser's half of tests/integration/portal/native_login_test.sh: Debian's chromium
// (headless=new) with the unpacked extension (tools/extension) and the native host's manifest in
// its user-data-dir logs in to mynaportal with the card in the private pcscd this runs inside
// (mynasim exec). The PIN comes from the pinentry stand-in (PINENTRY, PINENTRY_DIR), told here
// what to answer. Prints one line per finding; the shell script checks them.
// With ONLY_LOGIN=1 (scripts/demo.sh), only the good login, its screenshot and the logout.
// Usage: node native_login_test.mjs ORIGIN PROFILE EXTENSION EVIL_URL MYNASIM SCREENSHOT
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [origin, profile, extension, evilUrl, mynasim, screenshot] = process.argv.slice(2);
const pinDir = process.env.PINENTRY_DIR;
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

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: false,  // --headless=new below: the mode that loads extensions (anchors.md §G)
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [
    '--headless=new',
    '--no-sandbox',  // the test may run as root (CI)
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
  ],
  ignoreHTTPSErrors: true,  // the portal's certificate comes from the test authority's TLS CA
});
try {
  if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker');
  const worker = context.serviceWorkers()[0].url();
  console.log(`EXTENSION ${new URL(worker).host}`);
  const page = context.pages()[0] ?? (await context.newPage());
  const status = page.locator('#card-status');

  // Clicks "log in with this computer's card reader" and waits for an error on the page.
  const failedLogin = async () => {
    await page.click('#card-login');
    await page.waitForSelector('#card-status[data-error]', { timeout: 60000 });
    return `${await status.getAttribute('data-error')} ${oneLine(await status.textContent())}`;
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
  await page.waitForURL(`${origin}/mypage`, { timeout: 60000 });
  console.log(`LOGIN-MS ${Date.now() - started}`);
  console.log(`HOLDER ${(await page.textContent('#holder code')).trim()}`);
  console.log(`PINENTRY-OK ${oneLine(pinentryLog())}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('#logout');
  await page.waitForURL(`${origin}/login`, { timeout: 10000 });
  if (!onlyLogin) {
    // A page of another origin asks for a token and claims the portal's origin in its message:
    // the host signs for the origin the browser reports, so the portal refuses the token.
    const api = context.request;
    const challenge = await (await api.get(`${origin}/api/challenge`)).json();
    const evil = await context.newPage();
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
    const relayed = await api.post(`${origin}/api/login`, {
      headers: { Origin: origin, 'Content-Type': 'application/json' },
      data: JSON.stringify({ token: evilToken, nonce: challenge.nonce, origin }),
    });
    console.log(`EVIL ${relayed.status()} ${(await relayed.json()).error}`);
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
  }
} finally {
  await context.close();
}

// bench_browser_login's driver (bench/browser_login.sh runs it inside `mynasim exec`): N logins
// in chromium (headless=new) through the extension, the native host and the simulated card,
// each timed from the click on "log in with this computer's card reader" to my page; and N
// `mynatool login` (the CLI login) in the same pcscd, each timed as a whole process; and N calls
// of the page API alone (extension, host, pinentry, card: no portal round trip, no navigation).
// Prints {"browser_ns": [...], "cli_ns": [...], "sign_ns": [...]} on stdout.
// Usage: node browser_login.mjs ORIGIN PROFILE EXTENSION MYNATOOL TLS_CA N
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

// tests/browser's launcher; its playwright-core is tests/browser's (its package-lock.json).
import { launchChromiumWithExtension } from '../tests/browser/chromium.mjs';

const [origin, profile, extension, mynatool, tlsCa, count] = process.argv.slice(2);
const n = Number(count);
writeFileSync(`${process.env.PINENTRY_DIR}/pin`, '1234');
const now = () => process.hrtime.bigint();

const { context } = await launchChromiumWithExtension(profile, extension);
const browser = [];
const cli = [];
const sign = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  for (let i = 0; i <= n; ++i) {  // the first of each is a warm-up, not counted
    await page.goto(`${origin}/login`);
    await page.waitForSelector('#card-reader:not([hidden])', { timeout: 20000 });
    const start = now();
    await page.click('#card-login');
    await page.waitForURL(`${origin}/mypage`, { timeout: 60000 });
    if (i > 0) browser.push(Number(now() - start));
    await page.click('#logout');
    await page.waitForURL(`${origin}/login`, { timeout: 10000 });

    // The extension, the host and the card alone: the page API called with a fresh nonce.
    const challenge = await (await context.request.get(`${origin}/api/challenge`)).json();
    const signStart = now();
    await page.evaluate((nonce) => window.mynasimLogin.authenticate(nonce), challenge.nonce);
    if (i > 0) sign.push(Number(now() - signStart));

    const cliStart = now();
    execFileSync(mynatool, ['login', origin, '--cacert', tlsCa, '--pin-env', 'TEST_PIN'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    if (i > 0) cli.push(Number(now() - cliStart));
  }
} finally {
  await context.close();
}
console.log(JSON.stringify({ browser_ns: browser, cli_ns: cli, sign_ns: sign }));

// The browser's half of tests/integration/portal/browser_login_test.sh: Debian's chromium opens
// mynaportal's login page, prints the code (CODE ...), waits until the page has gone to my page
// by itself (the login is completed by `mynatool login --code` meanwhile), then prints what my
// page shows (HOLDER, ACCESS lines) and the session cookie's attributes, logs out with my page's
// button (LOGOUT), and reports what the browser refused under the portal's CSP (CSP lines; the
// pages' scripts and styles are files, so there must be none). Exit 0 when all was seen.
// Usage: node login_test.mjs ORIGIN
import { launchChromium } from './chromium.mjs';

const origin = process.argv[2];
const { browser, context } = await launchChromium();
try {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} [${m.location().url}]`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${origin}/login`);
  const code = (await page.textContent('#login-code')).trim();
  const before = (await context.cookies()).find((c) => c.name === 'mynaportal_session');
  console.log(`CODE ${code}`);
  await page.waitForURL(`${origin}/mypage`, { timeout: 30000 });
  const holder = (await page.textContent('#holder code')).trim();
  console.log(`HOLDER ${holder}`);
  for (const row of await page.locator('#access tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    if (cells.length === 4) console.log(`ACCESS ${cells[1]} ${cells[2]} ${cells[3]}`);
  }
  const after = (await context.cookies()).find((c) => c.name === 'mynaportal_session');
  console.log(`COOKIE ${after.name} secure=${after.secure} httpOnly=${after.httpOnly} sameSite=${after.sameSite}`);
  console.log(`ROTATED ${before && after.value !== before.value ? 'yes' : 'no'}`);
  await page.click('#logout');
  await page.waitForURL(`${origin}/login`, { timeout: 10000 });
  const left = (await context.cookies()).find((c) => c.name === 'mynaportal_session');
  console.log(`LOGOUT ${!left || left.value === '' || left.value !== after.value ? 'yes' : 'no'}`);
  for (const p of problems) console.log(`CONSOLE ${p}`);
  console.log(`CONSOLE-ERRORS ${problems.length}`);
} finally {
  await browser.close();
}

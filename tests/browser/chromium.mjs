// Debian's chromium, headless, for the browser tests, and a context that accepts the portal's
// certificate (it comes from the test authority's TLS CA, unknown to chromium).
import { chromium } from 'playwright-core';

export async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],  // the test may run as root (CI)
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  return { browser, context };
}

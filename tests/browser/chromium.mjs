// The one place that starts Debian's chromium, for the browser tests (login_test.mjs,
// relying_party_test.mjs, browsers.mjs), the demo and bench/browser_login.mjs. Two ways:
//
// launchChromium(): headless, no profile, no extension; a context that accepts the portal's
//   certificate (it comes from the test authority's TLS CA, unknown to chromium).
// launchChromiumWithExtension(PROFILE, EXTENSION): the unpacked extension (tools/extension)
//   loaded, in a persistent profile: PROFILE is its --user-data-dir, where
//   `mynatool native-host install --user-data-dir` put the host manifest. headless=new, the mode
//   that loads extensions (anchors.md §G). Returns once the extension's service worker runs.
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const NO_SANDBOX = '--no-sandbox';  // the tests may run as root (CI), where the sandbox refuses

export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [NO_SANDBOX] });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  return { browser, context };
}

// Returns {context, extensionId}; extensionId is the one chromium gave the loaded extension
// (from its service worker's URL), so callers can check it is the id the host manifest allows.
export async function launchChromiumWithExtension(profile, extension) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,  // --headless=new below instead: the old headless mode loads no extension
    ignoreDefaultArgs: ['--disable-extensions'],
    args: ['--headless=new', NO_SANDBOX, `--disable-extensions-except=${extension}`,
           `--load-extension=${extension}`],
    ignoreHTTPSErrors: true,
  });
  try {
    if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker');
    return { context, extensionId: new URL(context.serviceWorkers()[0].url()).host };
  } catch (e) {
    await context.close();
    throw e;
  }
}

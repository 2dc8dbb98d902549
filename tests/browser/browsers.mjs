// Starts a real browser with the extension (tools/extension) loaded, for the tests and the demo.
// Both drivers hand back pages with the same small API (goto, waitForSelector, click, evaluate,
// screenshot, url, close), so one scenario runs in either browser.
//
// chromium: Debian's chromium, started by chromium.mjs (headless=new, driven by playwright-core
//   over CDP); PROFILE is its --user-data-dir, where `mynatool native-host install
//   --user-data-dir` put the host manifest.
// firefox: Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi (stock
//   Firefox speaks no CDP, and playwright drives only its own patched Firefox builds). PROFILE is
//   the HOME Firefox runs with: Firefox reads user host manifests only from
//   $HOME/.mozilla/native-messaging-hosts (`mynatool native-host install --browser firefox` with
//   that HOME); the Firefox profile itself is PROFILE/firefox-profile.
//   The extension is installed with BiDi's webExtension.install, which installs a TEMPORARY
//   add-on: allowed unsigned in every Firefox build, and gone when the browser closes. (A
//   permanent unsigned add-on needs xpinstall.signatures.required=false, which ESR, Developer
//   Edition and Nightly honour and release builds ignore. Measured on firefox-esr 153.8.0:
//   tools/extension zipped into PROFILE/extensions/login@mynasim.example.xpi loads with the pref
//   false and does not load with it true, the default.)
import puppeteer from 'puppeteer-core';

import { CHROMIUM, launchChromiumWithExtension } from './chromium.mjs';

export const BROWSERS = {
  chromium: { executable: CHROMIUM, extensionId: 'kpkiklppljkgbjbifjafmfkkelklmlip' },
  firefox: { executable: '/usr/bin/firefox-esr', extensionId: 'login@mynasim.example' },
};

// Returns {version, extensionId, newPage(), close()}; extensionId is what the browser reports.
export async function openBrowser(name, profile, extension) {
  if (name === 'chromium') {
    const { context, extensionId } = await launchChromiumWithExtension(profile, extension);
    const first = context.pages()[0];
    let firstTaken = false;
    return {
      version: context.browser()?.version() ?? 'chromium',
      extensionId,
      newPage: async () => {
        if (first && !firstTaken) {
          firstTaken = true;
          return first;
        }
        return context.newPage();
      },
      close: () => context.close(),
    };
  }
  if (name === 'firefox') {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: BROWSERS.firefox.executable,
      headless: true,
      userDataDir: `${profile}/firefox-profile`,
      env: { ...process.env, HOME: profile },
      acceptInsecureCerts: true,  // the portal's certificate comes from the test authority's TLS CA
      timeout: 120000,  // a cold start on a busy machine takes 20 s
    });
    try {
      const extensionId = await browser.installExtension(extension);
      return {
        version: await browser.version(),
        extensionId,
        newPage: () => browser.newPage(),
        close: () => browser.close(),
      };
    } catch (e) {
      await browser.close();
      throw e;
    }
  }
  throw new Error(`unknown browser ${name}: chromium or firefox`);
}

// Waits until the page's URL is `url` (after a navigation the page itself starts).
export async function waitForUrl(page, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (page.url() !== url) {
    if (Date.now() > deadline) throw new Error(`still at ${page.url()}, not ${url}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

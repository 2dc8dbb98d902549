// The extension's background (a service worker in Chromium, an event page in Firefox). It takes
// a request from the content script, runs the native host (`mynatool native-host`, host name
// org.mynasim.login) for it and returns the host's answer. The origin the host signs for is the
// one the BROWSER reports for the page that sent the request (sender.origin, else the origin of
// sender.url), never a value from the page's message: a page can only get a token for itself.
'use strict';

const api = globalThis.browser ?? globalThis.chrome;
const HOST = 'org.mynasim.login';

function senderOrigin(sender) {
  if (sender.origin && sender.origin !== 'null') return sender.origin;
  return new URL(sender.url).origin;
}

// One request per run of the host: it first sends {version}, then the answer to our request.
function callHost(request, timeoutMs) {
  return new Promise((resolve) => {
    const port = api.runtime.connectNative(HOST);
    let version = null;
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        port.disconnect();
      } catch (e) {
        // already gone
      }
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ error: { code: 'ERR_TIMEOUT', message: 'the card login took too long' } }),
      timeoutMs);
    port.onMessage.addListener((message) => {
      if (version === null && 'version' in message) {
        version = message.version;
        port.postMessage(request);
        return;
      }
      finish({ ...message, hostVersion: version });
    });
    port.onDisconnect.addListener((gone) => {
      // Chromium says why in runtime.lastError, Firefox in the port's error.
      const error = api.runtime.lastError ?? gone.error;
      const why = error ? error.message : 'the host exited';
      finish({
        error: {
          code: 'ERR_HOST_UNAVAILABLE',
          message: `the native host (mynatool native-host) did not answer: ${why}`,
        },
      });
    });
  });
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our content script sends here; a page's top frame only (the content script runs there).
  if (!sender.tab || sender.frameId !== 0 || typeof message !== 'object' || message === null) {
    return false;
  }
  const timeout = Math.min(Math.max(Number(message.timeout) || 120000, 1000), 600000);
  let request;
  if (message.action === 'authenticate') {
    request = {
      command: 'authenticate',
      arguments: {
        challengeNonce: String(message.nonce ?? ''),
        origin: senderOrigin(sender),
        timeout,
      },
    };
  } else if (message.action === 'status') {
    request = { command: 'status' };
  } else {
    return false;
  }
  callHost(request, timeout + 5000).then(sendResponse);
  return true;  // the answer comes later
});

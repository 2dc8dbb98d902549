// The content script: the bridge between a page's mynasim-login.js (window.postMessage, actions
// mynasim:authenticate / mynasim:status / mynasim:ping) and the extension's background. It acts only in a
// secure context (https, or http on localhost), and only on messages the page posts to itself.
// It answers mynasim:<action>-ack at once (the page then knows the extension is there), then
// -success with the result or -failure with {code, message, triesLeft?}.
'use strict';

(() => {
  if (!window.isSecureContext) return;
  const api = globalThis.browser ?? globalThis.chrome;
  const ACTIONS = new Set(['mynasim:authenticate', 'mynasim:status', 'mynasim:ping']);

  window.addEventListener('message', (event) => {
    if (event.source !== window || event.origin !== window.location.origin) return;
    const data = event.data;
    if (typeof data !== 'object' || data === null || !ACTIONS.has(data.action)) return;
    const action = data.action;
    const id = data.id;
    const reply = (suffix, fields) =>
      window.postMessage({ action: `${action}-${suffix}`, id, ...fields }, window.location.origin);
    reply('ack', {});
    if (action === 'mynasim:ping') {
      reply('success', {});
      return;
    }
    // Only the nonce and the timeout go on: the origin is the browser's to tell (background.js).
    const request = { action: action.slice('mynasim:'.length), nonce: data.nonce, timeout: data.timeout };
    Promise.resolve(api.runtime.sendMessage(request))
      .then((answer) => {
        if (!answer) {
          reply('failure', { code: 'ERR_EXTENSION', message: 'the extension did not answer' });
        } else if (answer.error) {
          reply('failure', answer.error);
        } else {
          reply('success', answer.token ? { token: answer.token } : { status: answer.status });
        }
      })
      .catch((e) => reply('failure', { code: 'ERR_EXTENSION', message: String(e && e.message) }));
  });
})();

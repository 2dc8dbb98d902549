// mynasim-login.js: the page API of the mynasim login extension (tools/extension), for any
// site that accepts jpki-login:1 tokens. Web eID's shape: the page posts a message, the
// extension's content script (present only in secure contexts) acknowledges it at once and
// answers later with the token or a typed error.
//
//   mynasimLogin.available() -> true when the extension answers
//   mynasimLogin.authenticate(nonce, {timeout}) -> token ({format, certificate, algorithm,
//     signature}); rejects with a MynasimLoginError {code, message, triesLeft?}
//   mynasimLogin.status({timeout}) -> {readers, reader, cardPresent, triesLeft, pinBlocked}
//
// Codes: ERR_EXTENSION_UNAVAILABLE (no extension, or not a secure context), ERR_TIMEOUT, and
// the native host's (docs/native-host.md): ERR_PIN_WRONG (with triesLeft), ERR_PIN_BLOCKED,
// ERR_USER_CANCELLED, ERR_CARD_REMOVED, ERR_NO_READER, ERR_NO_CARD, ...
'use strict';

(() => {
  class MynasimLoginError extends Error {
    constructor(code, message, extra) {
      super(message);
      this.name = 'MynasimLoginError';
      this.code = code;
      Object.assign(this, extra || {});
    }
  }

  let counter = 0;
  const ACK_MS = 1000;  // the content script answers the ack at once, or is not there

  function call(action, fields, timeout) {
    return new Promise((resolve, reject) => {
      if (!window.isSecureContext) {
        reject(new MynasimLoginError('ERR_EXTENSION_UNAVAILABLE', 'not a secure context'));
        return;
      }
      const id = `${Date.now()}-${++counter}`;
      let ackTimer = null;
      let timer = null;
      const done = () => {
        clearTimeout(ackTimer);
        clearTimeout(timer);
        window.removeEventListener('message', listener);
      };
      const listener = (event) => {
        if (event.source !== window || typeof event.data !== 'object' || event.data === null) return;
        const data = event.data;
        if (data.id !== id) return;
        if (data.action === `${action}-ack`) {
          clearTimeout(ackTimer);
        } else if (data.action === `${action}-success`) {
          done();
          resolve(data);
        } else if (data.action === `${action}-failure`) {
          done();
          const { code, message, action: _a, id: _i, ...extra } = data;
          reject(new MynasimLoginError(code || 'ERR_UNKNOWN', message || code, extra));
        }
      };
      window.addEventListener('message', listener);
      ackTimer = setTimeout(() => {
        done();
        reject(new MynasimLoginError('ERR_EXTENSION_UNAVAILABLE',
          'the mynasim login extension is not installed in this browser'));
      }, ACK_MS);
      timer = setTimeout(() => {
        done();
        reject(new MynasimLoginError('ERR_TIMEOUT', 'the card login took too long'));
      }, timeout);
      window.postMessage({ action, id, ...fields }, window.location.origin);
    });
  }

  async function authenticate(nonce, options = {}) {
    const timeout = options.timeout ?? 120000;
    const answer = await call('mynasim:authenticate', { nonce, timeout }, timeout + 10000);
    return answer.token;
  }

  async function status(options = {}) {
    const answer = await call('mynasim:status', {}, options.timeout ?? 10000);
    return answer.status;
  }

  // True when the extension answers (its content script; the native host is not run).
  function available() {
    return call('mynasim:ping', {}, ACK_MS + 500).then(() => true, () => false);
  }

  window.mynasimLogin = Object.freeze({ authenticate, status, available, MynasimLoginError });
})();

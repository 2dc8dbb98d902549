// The login page's script, served as /static/login.js (the page carries no inline script: CSP
// default-src 'self'). A bare GET of /login leaves no state behind: the login code and its
// session come from a same-origin JSON POST to /login/start made here. The page then shows the
// code and its QR code and polls /login/status until the login completes (to /mypage) or fails
// (the reason, reported by the card's client or by the portal). When the mynasim login
// extension answers (mynasim-login.js), it also offers to log in with this computer's card
// reader: challenge, token from the extension, POST /api/login, my page.
'use strict';

const statusLine = document.getElementById('status');

// Where to go once logged in: my page, or back to the OpenID Connect authorization request that
// sent the holder here (/login?next=/oidc/auth?...; nothing else, so no one can make this page
// an open redirect).
function oidcRequest() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/oidc/auth?') ? next : null;
}

function afterLogin() {
  return oidcRequest() || '/mypage';
}

function showFailure(message, error) {
  statusLine.className = 'error';
  statusLine.dataset.error = error;
  statusLine.textContent = message + ' (' + error + ')';
}

async function poll() {
  try {
    const r = await fetch('/login/status', { credentials: 'same-origin' });
    const s = await r.json();
    if (s.state === 'done') {
      location.href = afterLogin();
      return;
    }
    if (s.state === 'failed') {
      showFailure(s.message, s.error);
      if (s.error !== 'PIN_BLOCKED') setTimeout(poll, 1000);
      return;
    }
  } catch (e) {
    // The portal restarting or the network: keep polling.
  }
  setTimeout(poll, 500);
}

async function start() {
  let answer;
  try {
    const r = await fetch('/login/start', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      // The request this login is for: when it asks for the holder's attributes, the portal
      // tells the card's client to send the signature certificate too.
      body: JSON.stringify(oidcRequest() ? { next: oidcRequest() } : {}),
    });
    answer = await r.json();
    if (!r.ok) {
      showFailure(answer.message, answer.error);
      return;
    }
  } catch (e) {
    statusLine.textContent = 'The portal cannot be reached; trying again…';
    setTimeout(start, 2000);
    return;
  }
  document.getElementById('command-code').textContent = answer.code;
  const code = document.createElement('p');
  code.className = 'code';
  code.id = 'login-code';
  code.textContent = answer.code;
  document.getElementById('code-slot').replaceChildren(code);
  const qr = document.getElementById('qr');
  qr.src = '/login/qr.svg';
  qr.hidden = false;
  statusLine.textContent = 'Waiting for the card…';
  if (answer.attributes && answer.attributes.length) {
    const asked = document.createElement('p');
    asked.id = 'attributes-asked';
    asked.textContent = `${answer.client} asks for your ${answer.attributes.join(', ')}: ` +
      'mynatool will also ask for the signature password (6 to 16 characters) to read them ' +
      'from your card. You will be asked to consent before anything is sent.';
    document.getElementById('code-slot').after(asked);
  }
  if (answer.sign) {
    // Scope sign: what the card will sign, so that the holder sees it here as well as in
    // mynatool's terminal, before the signature password.
    const hex = Array.from(atob(answer.sign.digest),
      (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase();
    const asked = document.createElement('p');
    asked.id = 'sign-asked';
    asked.textContent = `${answer.client} asks for your signature with the signature key over ` +
      `"${answer.sign.display_text}" (SHA-256 ${hex}): mynatool will ask for ` +
      'the signature password. You will be asked to consent before the signature is sent.';
    document.getElementById('code-slot').after(asked);
  }
  poll();
}

start();

const cardStatus = document.getElementById('card-status');
const cardButton = document.getElementById('card-login');

function cardMessage(e) {
  switch (e.code) {
    case 'ERR_PIN_WRONG':
      return `Wrong PIN: ${e.triesLeft} ${e.triesLeft === 1 ? 'try' : 'tries'} left.` +
        (e.triesLeft === 1 ? ' One more wrong PIN blocks the card.' : '');
    case 'ERR_PIN_BLOCKED':
    case 'PIN_BLOCKED':
      return 'The PIN is blocked: take the card to your municipal office to have it unblocked.';
    case 'ERR_CARD_REMOVED':
      return 'The card was removed during the login: nothing was signed. Put it back and try again.';
    default:
      return e.message || 'The login failed.';
  }
}

async function cardLogin() {
  cardButton.disabled = true;
  cardStatus.className = '';
  delete cardStatus.dataset.error;
  cardStatus.textContent = 'Enter your PIN in the dialog that opens…';
  try {
    const c = await fetch('/api/challenge', { credentials: 'same-origin' });
    const challenge = await c.json();
    if (!c.ok) throw { code: challenge.error, message: challenge.message };
    const token = await window.mynasimLogin.authenticate(challenge.nonce, { timeout: 120000 });
    cardStatus.textContent = 'Checking the signature…';
    const r = await fetch('/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, nonce: challenge.nonce, origin: location.origin }),
    });
    const answer = await r.json();
    if (!r.ok) throw { code: answer.error, message: answer.message };
    location.href = '/mypage';
  } catch (e) {
    cardStatus.className = 'error';
    cardStatus.dataset.error = e.code || 'ERR_UNKNOWN';
    cardStatus.textContent = `${cardMessage(e)} (${e.code})`;
    cardButton.disabled = e.code === 'ERR_PIN_BLOCKED';
  }
}

async function offerCardReader() {
  if (!window.mynasimLogin || !(await window.mynasimLogin.available())) return;
  cardButton.addEventListener('click', cardLogin);
  document.getElementById('card-reader').hidden = false;
}

offerCardReader();

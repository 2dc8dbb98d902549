// The login page's script, served as /static/login.js (the page carries no inline script: CSP
// default-src 'self'). A bare GET of /login leaves no state behind: the login code and its
// session come from a same-origin JSON POST to /login/start made here. The page then shows the
// code and its QR code and polls /login/status until the login completes (to /mypage) or fails
// (the reason, reported by the card's client or by the portal).
'use strict';

const statusLine = document.getElementById('status');

// Where to go once logged in: my page, or back to the OpenID Connect authorization request that
// sent the holder here (/login?next=/oidc/auth?...; nothing else, so no one can make this page
// an open redirect).
function afterLogin() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/oidc/auth?') ? next : '/mypage';
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
      body: '{}',
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
  poll();
}

start();

// The consent screen's script, served as /static/consent.js (no inline script: CSP
// default-src 'self'). Sends the holder's answer as a same-origin JSON POST to /oidc/consent
// (the portal's browser rules) and follows the redirect to the service it gets back: a code
// when allowed, error=access_denied when declined.
'use strict';

const consent = document.getElementById('consent');
const statusLine = document.getElementById('consent-status');

async function answer(decision) {
  for (const button of consent.querySelectorAll('button')) button.disabled = true;
  try {
    const r = await fetch('/oidc/consent', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ consent: consent.dataset.consent, decision }),
    });
    const a = await r.json();
    if (!r.ok) {
      statusLine.className = 'error';
      statusLine.textContent = `${a.message} (${a.error})`;
      return;
    }
    location.href = a.redirect;
  } catch (e) {
    statusLine.className = 'error';
    statusLine.textContent = 'The portal cannot be reached: try again.';
    for (const button of consent.querySelectorAll('button')) button.disabled = false;
  }
}

document.getElementById('allow').addEventListener('click', () => answer('allow'));
document.getElementById('deny').addEventListener('click', () => answer('deny'));

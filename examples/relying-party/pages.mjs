// The relying party's HTML: the start page, the verified claims, and the error page. Every value
// that came from outside (claims, errors) is HTML-escaped; no script, no inline style.

const STANDARD = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr',
                          'azp', 'at_hash', 'c_hash', 'sid', 'jti']);
const TIMES = new Set(['exp', 'iat', 'auth_time']);

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}` +
         `</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function links(loggedIn) {
  return `<p><a id="login" href="/login">Log in with your My Number card</a>` +
         (loggedIn ? ` · <a id="login-again" href="/login?prompt=login">log in again with the card</a>` : '') +
         `</p>` +
         (loggedIn ? `<form method="post" action="/logout"><button id="logout">Log out</button></form>` : '');
}

// A claim's value as a person reads it: a string as is, an address as its formatted form (the
// one member the provider gives, OpenID Connect Core §5.1.1), anything else as JSON.
function claimText(name, value) {
  if (typeof value === 'string') return value;
  if (name === 'address' && typeof value?.formatted === 'string') return value.formatted;
  return JSON.stringify(value);
}

// One row per claim: its name, its value as JSON in data-value (for tests and scripts), and as
// text (times also as UTC dates).
function claimRows(claims, names) {
  return names.map((name) => {
    const value = claims[name];
    const text = claimText(name, value);
    const when = TIMES.has(name) && typeof value === 'number'
      ? ` <small>(${new Date(value * 1000).toISOString()})</small>` : '';
    return `<tr data-claim="${escapeHtml(name)}" data-value="${escapeHtml(JSON.stringify(value))}">` +
           `<th>${escapeHtml(name)}</th><td>${escapeHtml(text)}${when}</td></tr>`;
  }).join('');
}

export function startPage(issuer) {
  return page('Sample relying party',
    `<p id="status">Not logged in. Logging in goes to <code>${escapeHtml(issuer)}</code>, ` +
    `which asks for the card.</p>${links(false)}`);
}

// The holder as the provider vouched for them: the ID token's claims (verified by openid-client),
// the attributes among them (any claim beyond the standard ones, e.g. name, address, birthdate,
// gender when those scopes are asked), and what userinfo said.
export function claimsPage(login) {
  const { claims, userinfo, scope } = login;
  const names = Object.keys(claims);
  const attributes = [...new Set([...names, ...Object.keys(userinfo)])]
    .filter((n) => !STANDARD.has(n));
  const merged = { ...claims, ...userinfo };
  return page('Sample relying party',
    `<p id="status">Logged in as <code id="sub">${escapeHtml(claims.sub)}</code> ` +
    `(scope <code id="scope">${escapeHtml(scope)}</code>)</p>` +
    `<h2>ID token (verified)</h2><table id="id-token">${claimRows(claims, names)}</table>` +
    `<h2>Attributes</h2>` +
    (attributes.length
      ? `<table id="attributes">${claimRows(merged, attributes)}</table>`
      : `<p id="attributes">none: only the pseudonymous identifier (sub) was asked</p>`) +
    `<h2>UserInfo</h2><table id="userinfo">${claimRows(userinfo, Object.keys(userinfo))}</table>` +
    links(true));
}

export function errorPage(problem) {
  return page('The login failed',
    `<p id="error" data-error="${escapeHtml(problem.error)}" data-by="${escapeHtml(problem.by)}">` +
    `${escapeHtml(problem.error)}: ${escapeHtml(problem.description)}</p>` +
    `<p>Refused by ${escapeHtml(problem.by)}.</p>${links(false)}`);
}

// A sample relying party for mynaportal's OpenID Connect provider (docs/oidc.md): a small web app
// on 127.0.0.1 that logs a holder in with the authorization code flow and shows the verified
// claims. HTTP and the browser's session here; the OpenID Connect side in relying_party.mjs;
// the pages in pages.mjs. Usage: node server.mjs --help (README.md).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { claimsPage, errorPage, startPage } from './pages.mjs';
import { beginLogin, describeError, discover, finishLogin } from './relying_party.mjs';

const USAGE = `usage: node server.mjs --issuer URL --client-id ID [options]

  --issuer URL         the provider (mynaportal serve's origin, e.g. https://127.0.0.1:8443)
  --client-id ID       this client, as registered with mynaportal client add
  --secret-env VAR     the variable holding the client's secret (default RP_CLIENT_SECRET)
  --listen HOST:PORT   where to listen, on the loopback only (default 127.0.0.1:3000)
  --base-url URL       the app as the browser reaches it (default http://HOST:PORT); the redirect
                       URI to register is BASE-URL/callback
  --scopes "A B"       scopes to ask beyond openid (e.g. "name address birthdate gender")
  --acr-values "A B"   acr_values to ask (e.g. "aal3 crl")
  --help               this text

The provider's TLS certificate must be trusted: NODE_EXTRA_CA_CERTS=CA.pem (README.md).`;

function usage(message) {
  process.stderr.write(`relying party: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'secret-env': { type: 'string', default: 'RP_CLIENT_SECRET' },
        listen: { type: 'string', default: '127.0.0.1:3000' },
        'base-url': { type: 'string' },
        scopes: { type: 'string', default: '' },
        'acr-values': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.issuer) usage('--issuer is required');
  if (!values['client-id']) usage('--client-id is required');
  const secret = process.env[values['secret-env']];
  if (!secret) usage(`the client secret: environment variable ${values['secret-env']} is not set`);
  const listen = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(values.listen);
  // Plain HTTP, so the loopback only: the provider accepts http:// redirect URIs there alone.
  if (!listen || Number(listen[2]) > 65535)
    usage(`--listen ${values.listen}: HOST:PORT on the loopback (127.0.0.1, localhost or [::1]) expected`);
  return {
    issuer: values.issuer,
    clientId: values['client-id'],
    clientSecret: secret,
    host: listen[1].replace(/^\[|\]$/g, ''),
    port: Number(listen[2]),
    baseUrl: values['base-url']?.replace(/\/$/, ''),
    scopes: values.scopes.split(' ').filter(Boolean),
    acrValues: values['acr-values'],
  };
}

// The browsers' sessions: a random id in an HttpOnly cookie, kept in memory, at most
// MAX_SESSIONS for SESSION_SECONDS each (a sample, not a store). SameSite=Lax, so that the
// provider's redirect back (a cross-site top-level GET) carries it. Cookies are per host, not
// per port: the name carries the port, so that two apps on one host keep their own.
let cookieName = 'rp_session';
const MAX_SESSIONS = 1000;
const SESSION_SECONDS = 30 * 60;
const sessions = new Map();

function sessionOf(req) {
  const id = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${cookieName}=`))
    ?.slice(cookieName.length + 1);
  const session = id && sessions.get(id);
  if (!session || session.expires < Date.now()) return undefined;
  return session;
}

function newSession(res) {
  for (const [id, s] of sessions) if (s.expires < Date.now()) sessions.delete(id);
  while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
  const id = randomBytes(32).toString('base64url');
  const session = { expires: Date.now() + SESSION_SECONDS * 1000 };
  sessions.set(id, session);
  res.setHeader('Set-Cookie', `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  return session;
}

function send(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

function redirect(res, location) {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

async function main() {
  const options = parseOptions();
  let config;
  try {
    config = await discover(options);
  } catch (e) {
    const problem = await describeError(e);
    const cause = e.cause?.code ?? e.cause?.message;  // fetch's own error: ECONNREFUSED, TLS, ...
    const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(cause ?? '')
      ? '; is the provider\'s TLS CA in NODE_EXTRA_CA_CERTS?' : '';
    process.stderr.write(`relying party: discovery at ${options.issuer} failed: ${problem.error}: ` +
                         `${problem.description}${cause ? ` (${cause})` : ''}${tls}\n`);
    process.exit(1);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, options.baseUrl);
    try {
      if (req.method === 'GET' && url.pathname === '/') {
        const login = sessionOf(req)?.login;
        return send(res, 200, login ? claimsPage(login) : startPage(options.issuer));
      }
      if (req.method === 'GET' && url.pathname === '/login') {
        const prompt = url.searchParams.get('prompt');
        if (prompt && prompt !== 'login') return send(res, 400, errorPage(
          { by: 'relying party', error: 'invalid_request', description: 'prompt: login or nothing' }));
        const session = sessionOf(req) ?? newSession(res);
        const { url: to, checks } = await beginLogin(config, {
          redirectUri: `${options.baseUrl}/callback`,
          scopes: options.scopes,
          acrValues: options.acrValues,
          prompt,
        });
        session.pending = checks;
        return redirect(res, to.href);
      }
      if (req.method === 'GET' && url.pathname === '/callback') {
        const session = sessionOf(req);
        const checks = session?.pending;
        if (!checks) return send(res, 400, errorPage({
          by: 'relying party', error: 'no_login_pending',
          description: 'this browser started no login here (or it expired): log in again' }));
        delete session.pending;  // one callback per authorization request
        try {
          const login = await finishLogin(config, url, checks);
          session.login = { ...login, scope: ['openid', ...options.scopes].join(' ') };
          delete session.login.accessToken;  // nothing here uses it again
        } catch (e) {
          delete session.login;
          return send(res, 400, errorPage(await describeError(e)));
        }
        return redirect(res, '/');
      }
      if (req.method === 'POST' && url.pathname === '/logout') {
        const session = sessionOf(req);
        if (session) delete session.login;
        return redirect(res, '/');
      }
      send(res, 404, errorPage({ by: 'relying party', error: 'not_found', description: url.pathname }));
    } catch (e) {
      send(res, 500, errorPage(await describeError(e)));
    }
  });
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    cookieName = `rp_session_${port}`;
    options.baseUrl ??= `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    process.stdout.write(`relying party: listening on ${options.baseUrl} (redirect URI ` +
                         `${options.baseUrl}/callback, provider ${options.issuer})\n`);
  });
}

main();

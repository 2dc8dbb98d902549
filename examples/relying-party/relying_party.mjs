// The relying party's OpenID Connect side, all of it done by openid-client: discover the provider,
// build an authorization request (code flow with state, nonce and PKCE S256), finish it at the
// callback (the library checks state and iss, redeems the code with client_secret_basic and the
// PKCE verifier, checks the ID token's iss, aud, exp, iat and nonce, and its signature against the
// provider's JWKS), then read userinfo (whose sub must be the ID token's). server.mjs serves
// this over HTTP; tests/browser/relying_party_test.mjs drives the same functions with broken
// inputs to see the library or the provider refuse them.
import * as client from 'openid-client';

// The provider's metadata and this client's credentials. `fetch`: a fetch of one's own for the
// library (openid-client's customFetch), e.g. through a proxy; the provider's TLS certificate is
// trusted through NODE_EXTRA_CA_CERTS (README.md).
//
// openid-client trusts an ID token from the token endpoint on the strength of TLS alone (OpenID
// Connect Core §3.1.3.7 allows it) unless told otherwise: enableNonRepudiationChecks has it verify
// the token's signature against the provider's JWKS too, so that the claims shown are ones the
// provider signed, and a token kept as evidence can be checked later.
export async function discover({ issuer, clientId, clientSecret, fetch }) {
  const options = { execute: [client.enableNonRepudiationChecks] };
  if (fetch) options[client.customFetch] = fetch;
  return client.discovery(new URL(issuer), clientId, undefined,
                          client.ClientSecretBasic(clientSecret), options);
}

// The authorization request's URL, and what the callback must check, kept by the caller until
// then (server.mjs: in the browser's session). `scopes`: openid and any extra ones (the provider
// offers name address birthdate gender sign as they come); `prompt`: login forces a new card login.
export async function beginLogin(config, { redirectUri, scopes = [], acrValues, prompt }) {
  const checks = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
  };
  const parameters = {
    redirect_uri: redirectUri,
    scope: ['openid', ...scopes.filter((s) => s !== 'openid')].join(' '),
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
  };
  if (acrValues) parameters.acr_values = acrValues;
  if (prompt) parameters.prompt = prompt;
  return { url: client.buildAuthorizationUrl(config, parameters), checks };
}

// The callback: `callbackUrl` is the URL the provider sent the browser to. A check left
// undefined means "expect none" (openid-client's rule): the state and nonce are required here.
export async function finishLogin(config, callbackUrl, checks) {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.verifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  const userinfo = await readUserinfo(config, tokens.access_token, claims.sub);
  return { claims, userinfo, accessToken: tokens.access_token };
}

// The userinfo endpoint's claims; the library refuses an answer about another subject.
export async function readUserinfo(config, accessToken, sub) {
  return client.fetchUserInfo(config, accessToken, sub);
}

// What went wrong, as OAuth names it: { error, description, status?, by }. `by` says who refused:
// the provider (an OAuth error in its answer, or in the redirect back) or openid-client itself
// (a check of its own failed, e.g. the ID token's signature).
export async function describeError(e) {
  if (e instanceof client.AuthorizationResponseError)
    return { by: 'provider', error: e.error, description: e.error_description ?? '' };
  if (e instanceof client.ResponseBodyError)
    return { by: 'provider', error: e.error, description: e.error_description ?? '', status: e.status };
  if (e instanceof client.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate (RFC 6749 §5.2 for a client that used HTTP Basic, RFC 6750
    // for a bearer token): the library stops at the challenge; the OAuth error is in the
    // challenge's parameters (bearer) or in the body (token endpoint).
    const challenge = e.cause[0] ?? {};
    let body = {};
    try {
      body = await e.response.json();
    } catch {
      // not JSON, or already read
    }
    return {
      by: 'provider',
      error: challenge.parameters?.error ?? body.error ?? 'unauthorized',
      description: challenge.parameters?.error_description ?? body.error_description ?? '',
      status: e.status,
      challenge: challenge.scheme,
    };
  }
  if (e instanceof client.ClientError)
    return { by: 'openid-client', error: e.code ?? 'error', description: e.cause?.message ?? e.message };
  return { by: 'relying party', error: e.code ?? 'error', description: e.message };
}

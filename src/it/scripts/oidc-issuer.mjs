// A real OpenID provider for the integration tests: panva's oidc-provider (npm, certified by the OpenID Foundation),
// the same library many production issuers are built on. It stands for Keycloak, Entra ID or Auth0: the gateway
// discovers it from its metadata, verifies its JWT access tokens against its JWKS and checks the audience it puts in
// them for the gateway's resource (RFC 8707 resource indicators).
//
// usage: node oidc-issuer.mjs <port> <gateway resource, e.g. http://localhost:9184/mcp> <console redirect URI>
//
// Clients:
//   gateway-it-machine  confidential (secret "it-machine-secret"), client_credentials: what a headless MCP client uses
//   gateway-console     public (PKCE, no secret), authorization_code: the operator console in a browser
// Scopes for the gateway's resource: mcp:read mcp:call mcp:admin (the gateway maps them to viewer, operator, admin).
// Another resource, http://other.example/api, gets tokens too: the gateway must refuse them.
// Sign-in is oidc-provider's own development login and consent pages (any login name, any password).
//
// Test controls, on the same port, bound to the loopback interface only:
//   POST /control/rotate          a new signing key; the JWKS then lists it first and the old one second
//   POST /control/mint?kind=expired|unknown-key&scope=...&aud=...
//                                 a token the issuer itself would never hand out: expired an hour ago (signed with the
//                                 current key), or signed by a key the JWKS does not list
// Prints {"step":"listening","issuer":...} once it accepts connections.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [portArg, resource, consoleRedirect] = process.argv.slice(2);
const port = Number(portArg);
if (!port || !resource || !consoleRedirect) {
  console.error('usage: node oidc-issuer.mjs <port> <gateway resource> <console redirect URI>');
  process.exit(2);
}
const issuer = `http://localhost:${port}`;
const OTHER_RESOURCE = 'http://other.example/api';
const SCOPES = 'mcp:read mcp:call mcp:admin';

/** A private RSA signing key as a JWK with a fresh kid. */
function newKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
}

let keys = [newKey()];

function configuration() {
  return {
    clients: [
      {
        client_id: 'gateway-it-machine',
        client_secret: 'it-machine-secret',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: SCOPES,
      },
      {
        client_id: 'gateway-console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [consoleRedirect],
        scope: SCOPES,
      },
    ],
    jwks: { keys },
    scopes: ['openid', 'offline_access', ...SCOPES.split(' ')],
    // the console sends S256 challenges; a public client must (the default for public clients, stated here)
    pkce: { required: () => true },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== resource && indicator !== OTHER_RESOURCE) {
            throw new Provider.errors.InvalidTarget();
          }
          return { scope: SCOPES, audience: indicator, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // the user's name in the token, so the gateway's audit log shows who it was
    extraTokenClaims: async (_ctx, token) => (token.accountId ? { preferred_username: token.accountId } : undefined),
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, preferred_username: sub }) }),
    cookies: { keys: ['oidc-issuer-it-cookie-key'] },
    ttl: { AccessToken: 600, ClientCredentials: 600, AuthorizationCode: 60, Grant: 3600, Interaction: 600, Session: 3600 },
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

let handler = new Provider(issuer, configuration()).callback();

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An RS256 JWT signed with `jwk`, shaped like the issuer's own access tokens. */
function sign(jwk, claims) {
  const input = `${b64({ alg: 'RS256', typ: 'at+jwt', kid: jwk.kid })}.${b64(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), crypto.createPrivateKey({ key: jwk, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}

function control(req, res, url) {
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') return reply(405, { error: 'POST only' });
  if (url.pathname === '/control/rotate') {
    keys = [newKey(), keys[0]];
    handler = new Provider(issuer, configuration()).callback();
    return reply(200, { kids: keys.map((k) => k.kid) });
  }
  if (url.pathname === '/control/mint') {
    const now = Math.floor(Date.now() / 1000);
    const kind = url.searchParams.get('kind');
    const claims = {
      iss: issuer,
      sub: url.searchParams.get('sub') ?? 'it-minted',
      aud: url.searchParams.get('aud') ?? resource,
      scope: url.searchParams.get('scope') ?? SCOPES,
      client_id: 'gateway-it-machine',
      jti: crypto.randomUUID(),
    };
    if (kind === 'expired') {
      return reply(200, { token: sign(keys[0], { ...claims, iat: now - 7200, exp: now - 3600 }) });
    }
    if (kind === 'unknown-key') {
      return reply(200, { token: sign(newKey(), { ...claims, iat: now, exp: now + 600 }) });
    }
    return reply(400, { error: 'kind must be expired or unknown-key' });
  }
  return reply(404, { error: 'no such control' });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/control/')) return control(req, res, url);
  return handler(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ step: 'listening', issuer })));
// at once: close() alone would wait for the browser's and the gateway's keep-alive connections
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

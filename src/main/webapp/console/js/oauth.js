// Sign-in with the gateway's authorization server: OAuth 2.1 authorization code with PKCE (S256), as a public client.
// The console finds the issuer the way an MCP client does: the gateway's protected resource metadata (RFC 9728) names
// it, the issuer's own metadata (OpenID Connect Discovery or RFC 8414) gives its endpoints. The client id comes from
// the gateway's console settings (gateway.oauth.console-client-id). The verifier and state live in this tab's
// sessionStorage only until the issuer sends the browser back; the access token is then kept like a pasted one.

import { url } from './api.js';

const PENDING = 'mcp-console-oauth-pending';

/** The console's own address, which the issuer sends the browser back to: the console folder, no query, no hash. */
export const REDIRECT_URI = new URL('../', import.meta.url).toString();

async function json(address, what) {
    let response;
    try {
        response = await fetch(address, { headers: { Accept: 'application/json' } });
    } catch {
        throw new Error(`${what} cannot be reached (${address}).`);
    }
    if (!response.ok) throw new Error(`${what} answered ${response.status} (${address}).`);
    return response.json();
}

/** Where an issuer's metadata may be: OpenID Connect Discovery, then RFC 8414 (well-known part before the path). */
function metadataLocations(issuer) {
    const base = issuer.replace(/\/$/, '');
    const { origin, pathname } = new URL(base);
    const path = pathname === '/' ? '' : pathname;
    return [`${base}/.well-known/openid-configuration`, `${origin}/.well-known/oauth-authorization-server${path}`];
}

async function issuerMetadata(issuer) {
    const failures = [];
    for (const location of metadataLocations(issuer)) {
        try {
            const metadata = await json(location, 'The issuer');
            // a document that names another issuer must not send the user anywhere (RFC 8414 section 3.3)
            if (metadata.issuer !== issuer) throw new Error(`${location} names issuer ${metadata.issuer}, not ${issuer}.`);
            return metadata;
        } catch (e) {
            failures.push(e.message);
        }
    }
    throw new Error(`The issuer's metadata could not be read: ${failures.join(' ')}`);
}

/**
 * How to sign in with the issuer, or null when the gateway has no issuer for the console (paste a token then).
 * @returns {Promise<{issuer: string, clientId: string, resource: string, scope: string, metadata: object} | null>}
 */
export async function signInOptions() {
    const settings = await json(url('/console/settings.json'), 'The gateway');
    if (!settings.oauth) return null;
    const resource = await json(url('/.well-known/oauth-protected-resource'), 'The gateway\'s resource metadata');
    const issuer = (resource.authorization_servers || [])[0];
    if (!issuer) return null;
    const metadata = await issuerMetadata(issuer);
    const methods = metadata.code_challenge_methods_supported;
    if (!metadata.authorization_endpoint || !metadata.token_endpoint) throw new Error(`The issuer ${issuer} has no authorization or token endpoint.`);
    if (Array.isArray(methods) && !methods.includes('S256')) throw new Error(`The issuer ${issuer} does not support PKCE with S256.`);
    return { issuer, clientId: settings.oauth.clientId, resource: resource.resource, scope: (resource.scopes_supported || []).join(' '), metadata };
}

function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(size) {
    return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

/** Sends the browser to the issuer's sign-in page; the issuer sends it back to {@link REDIRECT_URI}. */
export async function beginSignIn(options) {
    if (!crypto.subtle) throw new Error('This page is not a secure context (https, or http on localhost): the browser offers no SHA-256 for PKCE.');
    const verifier = random(32);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(16);
    sessionStorage.setItem(PENDING, JSON.stringify({
        state, verifier, issuer: options.issuer, clientId: options.clientId, resource: options.resource,
        tokenEndpoint: options.metadata.token_endpoint, hash: location.hash,
    }));
    const target = new URL(options.metadata.authorization_endpoint);
    const params = {
        response_type: 'code', client_id: options.clientId, redirect_uri: REDIRECT_URI, state,
        code_challenge: challenge, code_challenge_method: 'S256', resource: options.resource,
    };
    if (options.scope) params.scope = options.scope;
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    location.assign(target.toString());
}

/** Whether this load is the issuer sending the browser back (a code or an error in the query). */
export function isReturn() {
    const params = new URLSearchParams(location.search);
    return params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * Finishes a sign-in the issuer sent the browser back from: checks the state, trades the code and the verifier for
 * the access token and returns it. The code leaves the address bar and history at once, whatever happens.
 */
export async function completeSignIn() {
    const params = new URLSearchParams(location.search);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', REDIRECT_URI + (pending?.hash || ''));
    if (!pending || params.get('state') !== pending.state) {
        throw new Error('The sign-in answer does not belong to a sign-in started in this tab (its state does not match): sign in again.');
    }
    // RFC 9207: an issuer that says who it is must be the one the sign-in went to
    if (params.has('iss') && params.get('iss') !== pending.issuer) {
        throw new Error(`The sign-in answer comes from ${params.get('iss')}, not ${pending.issuer}: sign in again.`);
    }
    if (params.has('error')) {
        throw new Error(`The issuer did not sign you in: ${params.get('error')}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}.`);
    }
    let response;
    try {
        response = await fetch(pending.tokenEndpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
            body: new URLSearchParams({
                grant_type: 'authorization_code', code: params.get('code'), redirect_uri: REDIRECT_URI,
                client_id: pending.clientId, code_verifier: pending.verifier, resource: pending.resource,
            }),
        });
    } catch {
        throw new Error(`The issuer's token endpoint cannot be reached (${pending.tokenEndpoint}).`);
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.access_token) {
        throw new Error(`The issuer did not give a token (${response.status}${body.error ? `: ${body.error}` : ''}${body.error_description ? `, ${body.error_description}` : ''}).`);
    }
    return body.access_token;
}

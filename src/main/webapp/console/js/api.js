// The gateway's REST API with the signed-in token; problems (RFC 9457) become ApiError with a plain sentence.

const KEY = 'mcp-console-token';
const ME = 'mcp-console-me';

/** The gateway's root (the console lives in its console/ folder), so the API is found whatever the context root. */
export const ROOT = new URL('../../', import.meta.url);

export function url(path) {
    return new URL(path.replace(/^\//, ''), ROOT).toString();
}
const RANK = { viewer: 1, operator: 2, admin: 3 };

export class ApiError extends Error {
    constructor(status, problem, message) {
        super(message);
        this.status = status;
        this.problem = problem || {};
    }
    get violations() {
        return (this.problem.extensions && this.problem.extensions.violations) || [];
    }
}

const listeners = new Set();

export const session = {
    get token() { return sessionStorage.getItem(KEY); },
    set token(value) {
        sessionStorage.removeItem(ME);
        value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY);
    },
    /** Who the gateway takes the token for (GET /api/me): its principal and roles, mapped from whichever claim it uses. */
    get me() {
        try { return JSON.parse(sessionStorage.getItem(ME)); } catch { return null; }
    },
    set me(value) { value ? sessionStorage.setItem(ME, JSON.stringify(value)) : sessionStorage.removeItem(ME); },
    onUnauthorized(fn) { listeners.add(fn); },

    /** The token's claims, read (not verified: the gateway does that) until the gateway has said who the caller is. */
    claims() {
        try {
            const part = this.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
            const text = new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0)));
            return JSON.parse(text);
        } catch {
            return null;
        }
    },
    role() {
        const me = this.me;
        if (me) return me.role || null;
        const groups = (this.claims() || {}).groups || [];
        return groups.filter(g => RANK[g]).sort((a, b) => RANK[b] - RANK[a])[0] || null;
    },
    may(role) {
        return (RANK[this.role()] || 0) >= RANK[role];
    },
    principal() {
        if (this.me) return this.me.name;
        const c = this.claims() || {};
        return c.upn || c.preferred_username || c.sub || '?';
    },
};

export function explain(status, problem) {
    const detail = problem && (problem.detail || problem.title);
    if (status === 401) return 'Not signed in: the gateway refused the token (401): it is missing, expired, or not signed by an issuer it trusts.';
    if (status === 403) return `Not allowed (403): your role (${session.role() || 'none'}) may not do this${detail ? `: ${detail}` : '.'}`;
    if (status === 0) return 'The gateway cannot be reached: check that it is running and the network.';
    return `${status} ${problem && problem.title ? problem.title : ''}${detail && detail !== problem.title ? `: ${detail}` : ''}`.trim();
}

/**
 * A reader whose answer counts only if no later read through it started meanwhile: a list's slow, older page (the
 * filter changed, Older was clicked) never overwrites the newer one. A superseded read answers null.
 */
export function latest() {
    let started = 0;
    return async (path, options) => {
        const mine = ++started;
        const answer = await api(path, options);
        return mine === started ? answer : null;
    };
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
    let response;
    try {
        response = await fetch(url(path), {
            method,
            headers: {
                Accept: 'application/json',
                ...(session.token ? { Authorization: `Bearer ${session.token}` } : {}),
                ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
                ...headers,
            },
            body: body !== undefined ? JSON.stringify(body) : undefined,
        });
    } catch (e) {
        throw new ApiError(0, null, explain(0));
    }
    const text = await response.text();
    let data = null;
    if (text) {
        try { data = JSON.parse(text); } catch { data = { detail: text }; }
    }
    if (!response.ok) {
        const error = new ApiError(response.status, data, explain(response.status, data));
        if (response.status === 401) listeners.forEach(fn => fn(error));
        throw error;
    }
    return data;
}

export function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v !== undefined && v !== null && v !== '') q.set(k, v);
    }
    const s = q.toString();
    return s ? `?${s}` : '';
}

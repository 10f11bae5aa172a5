// The console's shell: sign-in, the tabs (hash routes), the one live event stream, and plain error banners.

import { api, session, ApiError } from './api.js';
import { EventStream } from './stream.js';
import { overview } from './overview.js';
import { servers } from './servers.js';
import { tools } from './tools.js';
import { logs } from './logs.js';
import { executions } from './executions.js';
import { workflows } from './workflows.js';

const TABS = { overview, servers, tools, logs, executions, workflows };
const $ = id => document.getElementById(id);

const state = { current: null, streamState: 'offline' };

const stream = new EventStream((kind, text) => {
    state.streamState = kind;
    const el = $('stream-state');
    el.className = `stream ${kind}`;
    el.textContent = text;
    el.dataset.state = kind;
});

const ctx = {
    stream,
    session,
    banner(message, kind = 'error') {
        const el = $('banner');
        if (!message) { el.hidden = true; el.textContent = ''; return; }
        el.className = `banner ${kind === 'info' ? 'info' : ''}`;
        el.textContent = message;
        el.hidden = false;
    },
    /** Shows what went wrong in plain words; 401 goes back to sign-in. */
    fail(error) {
        if (error instanceof ApiError) ctx.banner(error.message);
        else ctx.banner(`Something went wrong in the console: ${error.message || error}`);
        console.error(error);
    },
};

session.onUnauthorized(error => signOut(error.message));
stream.on('unauthorized', ({ status }) => {
    if (status === 401) signOut('The gateway refused the token for live updates (401): sign in again.');
    else ctx.banner('Live updates are not allowed for this token (403).');
});
// Every tab gets the events; one that was away reloads when events were lost.
stream.on('*', envelope => { for (const tab of Object.values(TABS)) if (tab.mounted) tab.onEvent?.(envelope); });
stream.on('events_lost', () => { if (state.current) state.current.refresh?.(); });

function showSignIn(message = '') {
    $('sign-in').hidden = false;
    $('view').hidden = true;
    $('tabs').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in-message').textContent = message;
    $('sign-in-message').className = message ? 'message error' : 'message';
    $('token').focus();
}

async function signIn(token) {
    session.token = token.trim();
    if (!session.claims()) {
        session.token = null;
        showSignIn('That is not a JWT (three base64url parts separated by dots).');
        return;
    }
    try {
        await api('/api/status');
    } catch (e) {
        session.token = null;
        showSignIn(e.message);
        return;
    }
    start();
}

function signOut(message) {
    stream.stop();
    session.token = null;
    for (const tab of Object.values(TABS)) tab.unmount?.();
    state.current = null;
    ctx.banner(null);
    showSignIn(message || 'Signed out.');
}

function start() {
    $('sign-in').hidden = true;
    $('view').hidden = false;
    $('tabs').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = `${session.principal()} (${session.role() || 'no role'})`;
    stream.start();
    route();
}

function route() {
    if (!session.token) return;
    const [name, ...rest] = (location.hash.replace(/^#/, '') || 'overview').split('/');
    const tab = TABS[name] || overview;
    for (const a of document.querySelectorAll('#tabs a')) {
        if (a.dataset.tab === name) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
    }
    const view = $('view');
    if (state.current !== tab) {
        state.current?.hide?.();
        ctx.banner(null);
        if (!tab.mounted) {
            tab.root = document.createElement('div');
            tab.root.dataset.view = name;
            tab.mount(tab.root, ctx);
            tab.mounted = true;
        }
        view.replaceChildren(tab.root);
        state.current = tab;
    }
    document.title = `${name[0].toUpperCase()}${name.slice(1)} · mcp-hybrid-server console`;
    tab.show(rest.map(decodeURIComponent)).catch(ctx.fail);
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', event => {
        event.preventDefault();
        signIn($('token').value);
    });
    $('sign-out').addEventListener('click', () => signOut());
    if (session.token && session.claims()) start();
    else showSignIn();
});

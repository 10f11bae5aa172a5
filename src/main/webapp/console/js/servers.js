// Servers: every server with its state changing live, details with the handshake, tools and recent logs;
// connect, disconnect, register and remove (admin).

import { api, query, session, ApiError } from './api.js';
import { h, replace, badge, ms, time, table, field, json, debounce } from './dom.js';

export const servers = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.list = [];
        this.listEl = h('div', { id: 'servers-list' });
        this.detailEl = h('div', { id: 'server-detail' });
        this.formEl = h('div', { id: 'server-register' });
        replace(root, h('h2', {}, 'Servers'),
            h('section', { class: 'panel', 'aria-label': 'All servers' }, this.listEl),
            this.detailEl,
            session.may('admin') ? this.formEl : null);
        if (session.may('admin')) this.renderForm();
        this.refreshSoon = debounce(() => { if (root.isConnected) this.refresh().catch(e => ctx.fail(e)); }, 400);
    },

    unmount() { this.mounted = false; },

    async show([id]) {
        this.selected = id || null;
        await this.refresh();
    },

    async refresh() {
        this.list = await api('/api/servers');
        this.renderList();
        if (this.selected) await this.renderDetail(this.selected);
        else replace(this.detailEl);
    },

    renderList() {
        const admin = session.may('admin');
        const rows = this.list.map(s => h('tr', { dataset: { server: s.id } },
            h('th', { scope: 'row' }, h('a', { href: `#servers/${encodeURIComponent(s.id)}` }, s.id)),
            h('td', {}, s.name),
            h('td', {}, s.transport),
            h('td', { class: 'state-cell', dataset: { state: s.state } }, badge(s.state)),
            h('td', { class: 'num' }, ms(s.latencyMs)),
            h('td', { class: 'num' }, s.toolCount),
            h('td', { class: 'err-cell' }, s.lastError || ''),
            admin ? h('td', {}, this.actions(s)) : null));
        replace(this.listEl, table(['id', 'name', 'transport', 'state', { label: 'latency', class: 'num' },
            { label: 'tools', class: 'num' }, 'last error', admin ? 'actions' : null].filter(Boolean), rows, 'Servers'),
        admin ? null : h('p', { class: 'hint' }, `Connecting, disconnecting and registering servers needs the admin role; you are ${session.role()}.`));
    },

    actions(s) {
        const run = async (label, call) => {
            try {
                await call();
                this.ctx.banner(`${label}: done.`, 'info');
            } catch (e) {
                this.ctx.fail(e);
            }
            await this.refresh();
        };
        return h('div', { class: 'actions' },
            s.state === 'DISCONNECTED' || s.state === 'UNHEALTHY'
                ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Connect ${s.id}`,
                    onclick: () => run(`Connect ${s.id}`, () => api(`/api/servers/${encodeURIComponent(s.id)}/connect`, { method: 'POST' })) }, 'Connect')
                : h('button', { type: 'button', class: 'secondary', 'aria-label': `Disconnect ${s.id}`,
                    onclick: () => run(`Disconnect ${s.id}`, () => api(`/api/servers/${encodeURIComponent(s.id)}/disconnect`, { method: 'DELETE' })) }, 'Disconnect'),
            s.origin === 'runtime'
                ? h('button', { type: 'button', class: 'danger', 'aria-label': `Delete registration ${s.id}`,
                    onclick: () => { if (confirm(`Remove the registration of ${s.id}?`)) run(`Delete ${s.id}`, () => api(`/api/servers/${encodeURIComponent(s.id)}`, { method: 'DELETE' })); } }, 'Delete')
                : null);
    },

    async renderDetail(id) {
        const [status, toolList, logPage] = await Promise.all([
            api(`/api/servers/${encodeURIComponent(id)}/status`),
            api(`/api/servers/${encodeURIComponent(id)}/tools`).catch(() => []),
            api(`/api/logs${query({ source: id, limit: 20 })}`).catch(() => ({ items: [] })),
        ]);
        this.logBox = h('div', { class: 'log', id: 'server-logs', 'aria-label': `Recent logs of ${id}` },
            logPage.items.map(logLine));
        replace(this.detailEl, h('section', { class: 'panel', 'aria-labelledby': 'sd-title' },
            h('h3', { id: 'sd-title' }, `Server ${id} `, badge(status.state)),
            h('dl', { class: 'kv' },
                kv('name', status.name), kv('transport', status.transport), kv('target', status.target), kv('origin', status.origin),
                kv('server', `${status.serverName || '–'} ${status.serverVersion || ''}`), kv('protocol', status.protocolVersion || '–'),
                kv('latency', ms(status.latencyMs)), kv('last error', status.lastError || '–'),
                kv('consecutive failures', status.consecutiveFailures), kv('connected at', time(status.connectedAt) || '–'),
                kv('last checked', time(status.lastCheckedAt) || '–'), kv('next reconnect', time(status.nextReconnectAt) || '–'),
                kv('tags', (status.tags || []).join(', ') || '–'),
                kv('tools / resources / prompts', `${status.toolCount} / ${status.resourceCount} / ${status.promptCount}`)),
            h('h3', {}, 'Capabilities'), json(status.serverCapabilities || {}),
            h('h3', {}, `Tools (${toolList.length})`),
            h('ul', {}, toolList.map(t => h('li', {}, h('a', { href: `#tools/${encodeURIComponent(t.id)}` }, t.name), t.description ? ` — ${t.description.slice(0, 120)}` : ''))),
            h('h3', {}, 'Recent logs'), this.logBox));
    },

    renderForm() {
        const input = (name, attrs = {}) => h('input', { name, id: `reg-${name}`, ...attrs });
        const form = h('form', { id: 'register-form', novalidate: true },
            h('div', { class: 'row' },
                field('id', input('id', { required: true })),
                field('name', input('name')),
                field('transport', h('select', { name: 'transport', id: 'reg-transport' },
                    h('option', { value: 'streamable-http' }, 'streamable-http'), h('option', { value: 'sse' }, 'sse')))),
            field('url', input('url', { type: 'url', size: 60, required: true })),
            h('div', { class: 'row' },
                field('auth', h('select', { name: 'auth', id: 'reg-auth' },
                    h('option', { value: 'none' }, 'none'), h('option', { value: 'bearer' }, 'bearer'), h('option', { value: 'header' }, 'header'))),
                field('header name', input('header', { placeholder: 'X-Api-Key' })),
                field('secret', input('secret', { type: 'password', autocomplete: 'off' })),
                field('tags (comma separated)', input('tags'))),
            h('ul', { class: 'err', id: 'register-errors' }),
            h('button', { type: 'submit' }, 'Register'));
        form.addEventListener('submit', e => { e.preventDefault(); this.register(form); });
        replace(this.formEl, h('section', { class: 'panel', 'aria-labelledby': 'reg-title' },
            h('h3', { id: 'reg-title' }, 'Register a URL server'),
            h('p', { class: 'hint' }, 'Stored in the database and kept across restarts. Processes (stdio) can only come from the catalogue file.'),
            form));
    },

    async register(form) {
        const v = name => form.elements[name].value.trim();
        const body = { id: v('id'), transport: v('transport'), url: v('url') };
        if (v('name')) body.name = v('name');
        if (v('tags')) body.tags = v('tags').split(',').map(t => t.trim()).filter(Boolean);
        if (v('auth') !== 'none') body.auth = { type: v('auth'), secret: v('secret'), ...(v('auth') === 'header' ? { header: v('header') } : {}) };
        for (const f of form.querySelectorAll('.field')) { f.classList.remove('invalid'); f.querySelector('.err')?.remove(); }
        const errors = form.querySelector('#register-errors');
        errors.replaceChildren();
        try {
            await api('/api/servers', { method: 'POST', body });
            this.ctx.banner(`Server ${body.id} registered.`, 'info');
            form.reset();
            await this.refresh();
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            const violations = e.violations;
            if (!violations.length) { errors.append(h('li', {}, e.message)); return; }
            for (const message of violations) {
                // "body.url: must be ..." → the url field; "body.auth.secret" → secret
                const path = (message.match(/^body\.([\w.]+)/) || [])[1] || '';
                const name = { 'auth.secret': 'secret', 'auth.header': 'header', 'auth.type': 'auth' }[path] || path.split('.')[0];
                const control = form.elements[name];
                if (control) {
                    const box = control.closest('.field');
                    box.classList.add('invalid');
                    control.setAttribute('aria-invalid', 'true');
                    box.append(h('div', { class: 'err' }, message));
                } else {
                    errors.append(h('li', {}, message));
                }
            }
        }
    },

    onEvent(e) {
        if (e.type === 'server_status') {
            // the row changes at once, from the event itself; the rest (latency, error) follows from a reload
            const row = this.listEl.querySelector(`tr[data-server="${CSS.escape(e.serverId)}"] .state-cell`);
            if (row) {
                row.dataset.state = e.data.state;
                row.dataset.eventTimestamp = e.timestamp;
                row.dataset.receivedAt = e.receivedAt;
                replace(row, badge(e.data.state));
            }
            this.refreshSoon();
        } else if (e.type === 'tool_update') {
            this.refreshSoon();
        } else if (e.type === 'log_entry' && this.logBox && e.data.source === this.selected) {
            this.logBox.prepend(logLine({ ...e.data, timestamp: e.timestamp }));
        }
    },
};

function kv(k, v) {
    return [h('dt', {}, k), h('dd', {}, v ?? '–')];
}

export function logLine(l) {
    return h('div', { dataset: { level: l.level } },
        h('span', { class: 't' }, time(l.timestamp)), ' ', h('span', { class: 'lvl' }, (l.level || '').toUpperCase()), ' ',
        h('span', { class: 'src' }, l.source), ' ', l.message);
}

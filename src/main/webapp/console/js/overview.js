// Overview: the gateway's status with its reasons, servers by state, executions per window, charts over time,
// alerts as they happen, and the memory server.

import { api, query } from './api.js';
import { h, replace, badge, ms, pct, time, table, debounce } from './dom.js';
import { MinuteSeries, chart } from './charts.js';

const WINDOWS = ['5m', '1h', '24h'];
const STATES = ['HEALTHY', 'DEGRADED', 'CONNECTING', 'UNHEALTHY', 'DISCONNECTED'];

export const overview = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.series = new MinuteSeries();
        this.alerts = [];
        this.el = {
            status: h('div', { id: 'ov-status' }),
            servers: h('div', { id: 'ov-servers' }),
            executions: h('div', { id: 'ov-executions' }),
            counts: h('div', { class: 'chart', id: 'chart-calls' }),
            durations: h('div', { class: 'chart', id: 'chart-durations' }),
            alerts: h('ul', { class: 'alerts', id: 'ov-alerts', 'aria-live': 'polite' }),
            memory: h('div', { id: 'ov-memory' }),
        };
        replace(root,
            h('h2', {}, 'Overview'),
            h('section', { class: 'panel', 'aria-labelledby': 'ov-h-status' }, h('h3', { id: 'ov-h-status' }, 'Gateway status'), this.el.status),
            h('div', { class: 'grid' },
                h('section', { class: 'panel', 'aria-labelledby': 'ov-h-servers' }, h('h3', { id: 'ov-h-servers' }, 'Servers by state'), this.el.servers),
                h('section', { class: 'panel', 'aria-labelledby': 'ov-h-memory' }, h('h3', { id: 'ov-h-memory' }, 'Memory server'), this.el.memory)),
            h('section', { class: 'panel', 'aria-labelledby': 'ov-h-exec' }, h('h3', { id: 'ov-h-exec' }, 'Executions'), this.el.executions),
            h('section', { class: 'panel', 'aria-labelledby': 'ov-h-charts' },
                h('h3', { id: 'ov-h-charts' }, 'Last hour, per minute (audit log, then live)'),
                h('div', { class: 'grid' }, this.el.counts, this.el.durations)),
            h('section', { class: 'panel', 'aria-labelledby': 'ov-h-alerts' },
                h('h3', { id: 'ov-h-alerts' }, 'Alerts'),
                h('p', { class: 'hint' }, 'System alerts as they happen while the console is open.'), this.el.alerts));
        this.refreshSoon = debounce(() => { if (root.isConnected) this.refresh().catch(e => ctx.fail(e)); }, 250);
        this.redrawSoon = debounce(() => this.draw(), 300);
        this.renderAlerts();
    },

    unmount() { this.mounted = false; clearInterval(this.timer); this.plots = null; this.history = null; },

    async show() {
        clearInterval(this.timer);
        this.timer = setInterval(() => this.refreshSoon(), 10_000);
        this.history ??= this.loadHistory().catch(e => { this.history = null; throw e; });
        await Promise.all([this.refresh(), this.history]);
    },

    hide() { clearInterval(this.timer); },

    async refresh() {
        const [status, ...metrics] = await Promise.all([api('/api/status'),
            ...WINDOWS.map(w => api(`/api/metrics${query({ window: w })}`))]);
        this.renderStatus(status);
        this.renderServers(status.servers);
        this.renderExecutions(status.executions, metrics);
        const memory = await api('/api/status/memory-server').catch(e => e.status === 404 ? null : Promise.reject(e));
        this.renderMemory(memory);
    },

    async loadHistory() {
        const from = new Date(Date.now() - 60 * 60_000).toISOString();
        let cursor = null;
        for (let page = 0; page < 10; page++) {
            const result = await api(`/api/executions${query({ from, limit: 500, cursor })}`);
            for (const e of result.items) {
                this.series.add(Date.parse(e.startedAt), e.durationMs, e.status === 'ERROR' || e.status === 'TIMEOUT');
            }
            if (!result.nextCursor) break;
            cursor = result.nextCursor;
        }
        this.draw();
    },

    draw() {
        const data = this.series.data();
        if (!this.plots) {
            this.el.counts.replaceChildren();
            this.el.durations.replaceChildren();
            this.plots = {
                counts: chart(this.el.counts, 'Calls and errors per minute', [['calls', '#0b57d0'], ['errors', '#a3161a']], data.counts),
                durations: chart(this.el.durations, 'Duration per minute', [['p50', '#136c2e', ' ms'], ['p95', '#7a4b00', ' ms']], data.durations),
            };
        } else {
            this.plots.counts.setData(data.counts);
            this.plots.durations.setData(data.durations);
        }
    },

    renderStatus(s) {
        replace(this.el.status,
            h('p', {}, badge(s.status, 'status-big'), ' ',
                h('span', { class: 'muted' }, `version ${s.version}, up ${duration(s.uptimeSeconds)}, auth ${s.authMode}, `,
                    `database ${s.database?.database || '?'} ${s.database?.reachable ? 'reachable' : 'NOT reachable'}, `,
                    `${s.activeTools} active tools, ${s.events?.clients ?? 0} event clients`)),
            s.reasons?.length
                ? h('ul', { id: 'ov-reasons' }, s.reasons.map(r => h('li', {}, r)))
                : h('p', { class: 'muted', id: 'ov-reasons' }, 'No reasons for concern.'));
    },

    renderServers(servers) {
        replace(this.el.servers,
            h('div', { class: 'cards' }, STATES.map(state => {
                const entry = servers.byState[state] || { count: 0, ids: [] };
                return h('div', { class: 'card', dataset: { state } },
                    h('span', { class: 'n' }, entry.count), h('span', { class: 'l' }, state),
                    entry.ids.length ? h('div', { class: 'hint' }, entry.ids.join(', ')) : null);
            })),
            h('p', { class: 'hint' }, `${servers.total} servers, ${servers.enabled} enabled.`));
    },

    renderExecutions(counts, metrics) {
        const rows = WINDOWS.map((w, i) => {
            const c = counts[w] || {};
            const m = metrics[i].executions || {};
            return h('tr', {}, h('th', { scope: 'row' }, w),
                h('td', { class: 'num' }, c.calls ?? m.calls ?? 0), h('td', { class: 'num' }, c.errors ?? 0),
                h('td', { class: 'num' }, c.rejected ?? 0), h('td', { class: 'num' }, pct(c.errorRate)),
                h('td', { class: 'num' }, ms(m.p50Ms)), h('td', { class: 'num' }, ms(m.p95Ms)));
        });
        replace(this.el.executions, table(['window', { label: 'calls', class: 'num' }, { label: 'errors', class: 'num' },
            { label: 'rejected', class: 'num' }, { label: 'error rate', class: 'num' }, { label: 'p50', class: 'num' },
            { label: 'p95', class: 'num' }], rows, 'Executions per window'));
    },

    renderMemory(m) {
        if (!m) {
            replace(this.el.memory, h('p', { class: 'muted' }, 'No memory server is configured.'));
            return;
        }
        const s = m.server || {};
        const stored = m.stored || {};
        replace(this.el.memory,
            h('p', {}, h('a', { href: `#servers/${encodeURIComponent(s.id)}` }, s.id), ' ', badge(s.state), ' ',
                h('span', { class: 'muted' }, `${s.serverName || ''} ${s.serverVersion || ''}, ${(m.tools || []).length} tools, latency ${ms(s.latencyMs)}`)),
            h('dl', { class: 'kv' },
                h('dt', {}, 'writes'), h('dd', {}, stored.writes ?? 0),
                h('dt', {}, 'entities / observations'), h('dd', {}, `${stored.entities ?? 0} / ${stored.observations ?? 0}`),
                h('dt', {}, 'failures / skipped'), h('dd', {}, `${stored.failures ?? 0} / ${stored.skipped ?? 0}`),
                h('dt', {}, 'last write'), h('dd', {}, time(stored.lastWriteAt) || '–')));
    },

    renderAlerts() {
        replace(this.el.alerts, this.alerts.length
            ? this.alerts.map(a => h('li', {}, badge(a.data.level?.toLowerCase() === 'critical' ? 'critical' : a.data.level?.toLowerCase() || 'info'), ' ',
                h('span', { class: 'muted' }, time(a.timestamp)), ' ', a.data.source ? `[${a.data.source}] ` : '', a.data.message))
            : h('li', { class: 'muted' }, 'No alerts yet.'));
    },

    onEvent(e) {
        if (e.type === 'system_alert') {
            this.alerts.unshift(e);
            this.alerts.length = Math.min(this.alerts.length, 50);
            this.renderAlerts();
        }
        if (e.type === 'execution' && e.data.phase === 'finished') {
            this.series.add(Date.parse(e.timestamp) - (e.data.durationMs || 0), e.data.durationMs, e.data.status === 'ERROR' || e.data.status === 'TIMEOUT');
            if (this.plots) this.redrawSoon();
        }
        if (['server_status', 'system_alert', 'tool_update', 'execution', 'memory_update'].includes(e.type)) this.refreshSoon();
    },
};

function duration(seconds) {
    if (seconds === undefined) return '?';
    const d = Math.floor(seconds / 86400), hr = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
    return d ? `${d}d ${hr}h` : hr ? `${hr}h ${m}m` : `${m}m ${seconds % 60}s`;
}

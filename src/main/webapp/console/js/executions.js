// Executions: the audit log with filters and keyset paging, one execution's details, stats per tool and server.

import { api, latest, query } from './api.js';
import { h, replace, badge, ms, pct, time, table, field, json, debounce } from './dom.js';

const STATUSES = ['', 'SUCCESS', 'ERROR', 'TIMEOUT', 'REJECTED', 'CANCELLED'];

export const executions = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.cursors = [null];
        this.readPage = latest();
        const input = (id, attrs = {}) => h('input', { id, ...attrs });
        this.f = {
            server: input('ex-server', { size: 12 }), tool: input('ex-tool', { size: 16 }), principal: input('ex-principal', { size: 12 }),
            status: h('select', { id: 'ex-status' }, STATUSES.map(s => h('option', { value: s }, s || 'any'))),
            from: input('ex-from', { type: 'datetime-local' }), to: input('ex-to', { type: 'datetime-local' }),
        };
        const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter executions' },
            field('Server', this.f.server), field('Tool', this.f.tool), field('Principal', this.f.principal), field('Status', this.f.status),
            field('From', this.f.from), field('To', this.f.to), h('button', { type: 'submit' }, 'Filter'));
        form.addEventListener('submit', e => { e.preventDefault(); this.cursors = [null]; this.load().catch(ctx.fail); });
        this.listEl = h('div', { id: 'executions-list' });
        this.pager = h('div', { class: 'actions' });
        this.detailEl = h('div', { id: 'execution-detail' });
        this.window = h('select', { id: 'stats-window' }, ['5m', '1h', '24h'].map(w => h('option', { value: w }, w)));
        this.window.value = '1h';
        this.window.addEventListener('change', () => this.loadStats().catch(ctx.fail));
        this.statsEl = h('div', { id: 'executions-stats' });
        replace(root, h('h2', {}, 'Executions'), this.detailEl,
            h('section', { class: 'panel', 'aria-label': 'Audit log' }, form, this.listEl, this.pager),
            h('section', { class: 'panel', 'aria-labelledby': 'stats-title' }, h('h3', { id: 'stats-title' }, 'Stats'),
                field('Window', this.window), this.statsEl));
        this.reloadSoon = debounce(() => {
            if (root.isConnected && this.cursors.length === 1) Promise.all([this.load(), this.loadStats()]).catch(ctx.fail);
        }, 1000);
    },

    unmount() { this.mounted = false; },

    async show([id]) {
        if (id) await this.renderDetail(id);
        else replace(this.detailEl);
        await Promise.all([this.load(), this.loadStats()]);
    },

    refresh() { return Promise.all([this.load(), this.loadStats()]); },

    params() {
        const iso = v => v ? new Date(v).toISOString() : '';
        return { server: this.f.server.value.trim(), tool: this.f.tool.value.trim(), principal: this.f.principal.value.trim(),
            status: this.f.status.value, from: iso(this.f.from.value), to: iso(this.f.to.value) };
    },

    async load() {
        const cursor = this.cursors[this.cursors.length - 1];
        const page = await this.readPage(`/api/executions${query({ ...this.params(), limit: 50, cursor })}`);
        if (!page) return;
        replace(this.listEl, table(['started', 'tool', 'principal', 'status', { label: 'duration', class: 'num' }, 'error'],
            page.items.map(e => h('tr', { dataset: { execution: e.id } },
                h('td', {}, h('a', { href: `#executions/${e.id}` }, time(e.startedAt))),
                h('td', {}, e.toolId), h('td', {}, e.principal), h('td', {}, badge(e.status), e.cached ? ' cached' : ''),
                h('td', { class: 'num' }, ms(e.durationMs)), h('td', { class: 'err-cell' }, e.error || ''))), 'Executions'),
        page.items.length ? null : h('p', { class: 'muted' }, 'No executions match.'));
        replace(this.pager,
            h('button', { type: 'button', class: 'secondary', id: 'ex-newer', disabled: this.cursors.length === 1,
                onclick: () => { this.cursors.pop(); this.load().catch(this.ctx.fail); } }, 'Newer'),
            h('button', { type: 'button', class: 'secondary', id: 'ex-older', disabled: !page.nextCursor,
                onclick: () => { this.cursors.push(page.nextCursor); this.load().catch(this.ctx.fail); } }, 'Older'));
    },

    async loadStats() {
        const s = await api(`/api/executions/stats${query({ window: this.window.value })}`);
        const rows = list => list.map(r => h('tr', {}, h('th', { scope: 'row' }, r.key), h('td', { class: 'num' }, r.count),
            h('td', { class: 'num' }, r.errors), h('td', { class: 'num' }, r.timeouts), h('td', { class: 'num' }, r.rejected),
            h('td', { class: 'num' }, pct(r.errorRate)), h('td', { class: 'num' }, ms(r.p50Ms)), h('td', { class: 'num' }, ms(r.p95Ms))));
        const head = name => [name, ...['calls', 'errors', 'timeouts', 'rejected', 'error rate', 'p50', 'p95'].map(label => ({ label, class: 'num' }))];
        replace(this.statsEl,
            h('p', { class: 'muted' }, `${time(s.from)} – ${time(s.to)}`),
            table(head('total'), rows([{ ...s.total, key: 'all' }]), 'Total'),
            h('h4', {}, 'Per tool'), table(head('tool'), rows(s.byTool), 'Per tool'),
            h('h4', {}, 'Per server'), table(head('server'), rows(s.byServer), 'Per server'));
    },

    async renderDetail(id) {
        const e = await api(`/api/executions/${encodeURIComponent(id)}`);
        replace(this.detailEl, h('section', { class: 'panel', 'aria-labelledby': 'ed-title' },
            h('h3', { id: 'ed-title' }, `Execution ${e.id} `, badge(e.status)),
            h('dl', { class: 'kv' }, Object.entries({
                tool: e.toolId, principal: e.principal, started: time(e.startedAt), duration: ms(e.durationMs), cached: String(e.cached),
                'request id': e.requestId, client: `${e.clientAddress || ''} ${e.clientAgent || ''}`, error: e.error || '–',
                'result summary': e.resultSummary || '–', 'result size': e.resultSize ?? '–',
            }).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
            h('h4', {}, 'Arguments (redacted)'), json(e.arguments ?? {}),
            h('p', {}, h('a', { href: '#executions' }, 'Close'))));
    },

    onEvent(e) {
        if (e.type === 'execution' && e.data.phase === 'finished') this.reloadSoon();
    },
};

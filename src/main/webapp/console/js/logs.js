// Logs: the live tail (log_entry events of the one stream) with source, level and text filters; pause and resume;
// older lines on demand from /api/logs.

import { api, query } from './api.js';
import { h, replace, field } from './dom.js';
import { logLine } from './servers.js';

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const MAX_LINES = 1000;
const rank = level => Math.max(0, LEVELS.indexOf(String(level || '').toLowerCase()));

export const logs = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.paused = false;
        this.held = [];
        this.source = h('select', { id: 'logs-source' }, h('option', { value: '' }, 'all sources'));
        this.level = h('select', { id: 'logs-level' }, LEVELS.map(l => h('option', { value: l }, l)));
        this.level.value = 'info';
        this.q = h('input', { id: 'logs-q', type: 'search', placeholder: 'text in the message' });
        this.pause = h('button', { type: 'button', id: 'logs-pause', class: 'secondary', 'aria-pressed': 'false' }, 'Pause');
        this.pause.addEventListener('click', () => this.togglePause());
        this.held_el = h('span', { id: 'logs-held', class: 'muted', 'aria-live': 'polite' });
        this.tail = h('div', { class: 'log', id: 'logs-tail', role: 'log', 'aria-label': 'Log lines, newest first', tabindex: '0' });
        this.older = h('button', { type: 'button', id: 'logs-older', class: 'secondary' }, 'Older lines');
        this.older.addEventListener('click', () => this.loadOlder().catch(ctx.fail));
        const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter logs' },
            field('Source', this.source), field('Minimum level', this.level), field('Search', this.q),
            h('button', { type: 'submit' }, 'Apply'), this.pause, this.held_el);
        form.addEventListener('submit', e => { e.preventDefault(); this.reload().catch(ctx.fail); });
        this.source.addEventListener('change', () => form.requestSubmit());
        this.level.addEventListener('change', () => form.requestSubmit());
        replace(root, h('h2', {}, 'Logs'), h('section', { class: 'panel', 'aria-label': 'Log tail' }, form, this.tail, this.older));
    },

    unmount() { this.mounted = false; this.loaded = false; },

    async show() {
        const sources = await api('/api/logs/sources');
        const value = this.source.value;
        this.source.replaceChildren(this.source.firstChild, ...sources.map(s => h('option', { value: s.source }, `${s.source} (${s.count})`)));
        this.source.value = value;
        // the tail keeps its lines (and those that arrived meanwhile) when the tab is shown again
        if (!this.loaded) await this.reload();
        this.loaded = true;
    },

    refresh() { return this.reload(); },

    filters() {
        return { source: this.source.value, level: this.level.value, q: this.q.value.trim() };
    },

    async reload() {
        this.offset = 0;
        const page = await api(`/api/logs${query({ ...this.filters(), offset: 0, limit: 200 })}`);
        this.offset = page.items.length;
        this.total = page.total;
        replace(this.tail, page.items.map(logLine));
        this.older.disabled = this.offset >= page.total;
    },

    async loadOlder() {
        const page = await api(`/api/logs${query({ ...this.filters(), offset: this.offset, limit: 200 })}`);
        this.offset += page.items.length;
        this.tail.append(...page.items.map(logLine));
        this.older.disabled = this.offset >= page.total || !page.items.length;
    },

    matches(line) {
        const f = this.filters();
        return (!f.source || line.source === f.source) && rank(line.level) >= rank(f.level)
            && (!f.q || String(line.message).toLowerCase().includes(f.q.toLowerCase()));
    },

    togglePause() {
        this.paused = !this.paused;
        this.pause.textContent = this.paused ? 'Resume' : 'Pause';
        this.pause.setAttribute('aria-pressed', String(this.paused));
        if (!this.paused) {
            for (const line of this.held) this.add(line);
            this.held = [];
        }
        this.held_el.textContent = this.paused ? 'Paused: new lines are held.' : '';
    },

    add(line) {
        this.tail.prepend(logLine(line));
        this.offset++;
        while (this.tail.childElementCount > MAX_LINES) this.tail.lastElementChild.remove();
    },

    onEvent(e) {
        if (e.type !== 'log_entry') return;
        const line = { ...e.data, timestamp: e.timestamp };
        if (!this.matches(line)) return;
        if (this.paused) {
            this.held.push(line);
            this.held_el.textContent = `Paused: ${this.held.length} new lines held.`;
        } else {
            this.add(line);
        }
    },
};

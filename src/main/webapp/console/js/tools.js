// Tools: search and filter; a tool's page with its schemas, a form generated from its input schema, and the result
// of executing it (every MCP content kind, structuredContent, isError) with its progress live.

import { api, latest, query, session, ApiError } from './api.js';
import { h, replace, badge, table, field, json, ms } from './dom.js';
import { buildForm, showViolations } from './schema-form.js';

export const tools = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.limit = 100;
        this.readList = latest();
        this.q = h('input', { id: 'tools-q', type: 'search', placeholder: 'name or description' });
        this.server = h('select', { id: 'tools-server' }, h('option', { value: '' }, 'all servers'));
        this.category = h('select', { id: 'tools-category' }, h('option', { value: '' }, 'all categories'));
        const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter tools' },
            field('Search', this.q), field('Server', this.server), field('Category', this.category),
            h('button', { type: 'submit' }, 'Filter'));
        form.addEventListener('submit', e => { e.preventDefault(); this.offset = 0; this.loadList().catch(ctx.fail); });
        this.server.addEventListener('change', () => form.requestSubmit());
        this.category.addEventListener('change', () => form.requestSubmit());
        this.listEl = h('div', { id: 'tools-list' });
        this.listPanel = h('section', { class: 'panel', 'aria-label': 'Tools' }, form, this.listEl);
        this.detailEl = h('section', { class: 'panel', id: 'tool-detail', 'aria-labelledby': 'tool-title' });
        replace(root, h('h2', {}, 'Tools'), this.listPanel, this.detailEl);
    },

    unmount() { this.mounted = false; },

    async show([id]) {
        if (id) {
            this.listPanel.hidden = true;
            this.detailEl.hidden = false;
            await this.renderTool(id);
        } else {
            this.listPanel.hidden = false;
            this.detailEl.hidden = true;
            await Promise.all([this.loadFilters(), this.loadList()]);
        }
    },

    async loadFilters() {
        const [serverList, categories] = await Promise.all([api('/api/servers'), api('/api/tools/categories')]);
        const keep = (select, options) => {
            const value = select.value;
            select.replaceChildren(select.firstChild, ...options);
            select.value = value;
        };
        keep(this.server, serverList.map(s => h('option', { value: s.id }, s.id)));
        keep(this.category, (Array.isArray(categories) ? categories : categories.items || [])
            .map(c => h('option', { value: c.category }, `${c.category} (${c.kind}, ${c.count})`)));
    },

    async loadList(more = false) {
        this.offset = more ? this.offset + this.limit : 0;
        const page = await this.readList(`/api/tools${query({ q: this.q.value.trim(), server: this.server.value, category: this.category.value, offset: this.offset, limit: this.limit })}`);
        if (!page) return;
        const rows = page.items.map(t => h('tr', { dataset: { tool: t.id } },
            h('th', { scope: 'row' }, h('a', { href: `#tools/${encodeURIComponent(t.id)}` }, t.id)),
            h('td', {}, (t.description || '').slice(0, 140)),
            h('td', {}, (t.categories || []).join(', '))));
        if (more) {
            this.listEl.querySelector('tbody').append(...rows);
        } else {
            replace(this.listEl, h('p', { class: 'hint', id: 'tools-count', 'aria-live': 'polite' }, `${page.total} tools`),
                table(['tool', 'description', 'categories'], rows, 'Tools'));
        }
        this.listEl.querySelector('#tools-more')?.remove();
        if (this.offset + page.items.length < page.total) {
            this.listEl.append(h('button', { type: 'button', id: 'tools-more', class: 'secondary', onclick: () => this.loadList(true).catch(this.ctx.fail) }, 'More'));
        }
    },

    async renderTool(id) {
        const tool = await api(`/api/tools/${encodeURIComponent(id)}`);
        this.tool = tool;
        const form = buildForm(tool.inputSchema);
        this.form = form;
        this.progressEl = h('div', { id: 'tool-progress', class: 'progress', 'aria-live': 'polite' });
        this.resultEl = h('div', { id: 'tool-result', 'aria-live': 'polite' });
        this.errorsEl = h('ul', { class: 'err', id: 'tool-errors' });
        const timeout = h('input', { id: 'tool-timeout', type: 'number', min: 1, step: 1, placeholder: 'gateway default' });
        const mayRun = session.may('operator');
        const execute = h('button', { type: 'submit', id: 'tool-execute', disabled: !mayRun }, 'Execute');
        const formEl = h('form', { id: 'tool-form', novalidate: true }, form.el, field('Timeout (ms)', timeout), this.errorsEl, execute,
            mayRun ? null : h('p', { class: 'hint' }, `Executing tools needs the operator role; you are ${session.role()}.`));
        formEl.addEventListener('submit', e => { e.preventDefault(); this.execute(timeout.value, execute); });
        replace(this.detailEl,
            h('p', {}, h('a', { href: '#tools' }, '← all tools')),
            h('h3', { id: 'tool-title' }, tool.title ? `${tool.title} (${tool.id})` : tool.id),
            tool.description ? h('p', {}, tool.description) : null,
            h('p', { class: 'muted' }, 'server ', h('a', { href: `#servers/${encodeURIComponent(tool.serverId)}` }, tool.serverId),
                (tool.categories || []).length ? `, categories: ${tool.categories.join(', ')}` : ''),
            tool.annotations ? h('details', {}, h('summary', {}, 'Annotations'), json(tool.annotations)) : null,
            h('details', {}, h('summary', {}, 'Input schema'), json(tool.inputSchema)),
            tool.outputSchema ? h('details', {}, h('summary', {}, 'Output schema'), json(tool.outputSchema)) : null,
            h('h3', {}, 'Run it'), formEl, this.progressEl, h('h3', {}, 'Result'), this.resultEl);
    },

    async execute(timeoutMs, button) {
        this.errorsEl.replaceChildren();
        for (const f of this.detailEl.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
        let args;
        try {
            args = this.form.read() || {};
        } catch (e) {
            this.errorsEl.append(h('li', {}, e.message));
            return;
        }
        button.disabled = true;
        this.pending = { toolId: this.tool.id, started: Date.now() };
        replace(this.progressEl, h('span', { class: 'muted' }, 'Running…'));
        replace(this.resultEl);
        try {
            const body = { arguments: args };
            if (timeoutMs) body.timeoutMs = Number(timeoutMs);
            const result = await api(`/api/tools/${encodeURIComponent(this.tool.id)}/execute`, { method: 'POST', body });
            this.renderResult(result);
            replace(this.progressEl, h('span', { class: 'muted' }, `Finished in ${ms(result.durationMs)}${(result.progress || []).length ? `, ${result.progress.length} progress notifications` : ''}.`));
        } catch (e) {
            replace(this.progressEl);
            if (!(e instanceof ApiError)) throw e;
            this.errorsEl.append(h('li', {}, e.message));
            showViolations(e.violations, this.errorsEl, this.detailEl);
        } finally {
            this.pending = null;
            button.disabled = false;
        }
    },

    renderResult(r) {
        const result = r.result || {};
        const content = result.content || [];
        replace(this.resultEl, h('div', { class: `result ${result.isError ? 'is-error' : 'ok'}`, dataset: { status: r.status } },
            h('p', {}, badge(r.status), ' ', result.isError ? h('strong', {}, 'The tool reported an error (isError). ') : null,
                h('span', { class: 'muted' }, `${ms(r.durationMs)}${r.cached ? ', from the cache' : ''}, execution `),
                h('a', { href: `#executions/${encodeURIComponent(r.executionId)}` }, r.executionId)),
            content.map(renderContent),
            result.structuredContent !== undefined ? [h('h4', {}, 'structuredContent'), json(result.structuredContent)] : null));
    },

    onEvent(e) {
        if (e.type !== 'execution' || !this.pending || e.data.toolId !== this.pending.toolId || e.data.phase !== 'progress') return;
        const { progress, total, message } = e.data;
        replace(this.progressEl,
            total ? h('progress', { max: total, value: progress, 'aria-label': 'Progress' }) : null,
            h('span', {}, `${progress}${total ? ` of ${total}` : ''}${message ? `: ${message}` : ''}`));
    },
};

function renderContent(c) {
    switch (c.type) {
        case 'text':
            return h('pre', { class: 'content-text' }, c.text);
        case 'image':
            return h('figure', {}, h('img', { src: `data:${c.mimeType};base64,${c.data}`, alt: `Image returned by the tool (${c.mimeType})` }),
                h('figcaption', { class: 'muted' }, c.mimeType));
        case 'audio':
            return h('figure', {}, h('audio', { controls: true, src: `data:${c.mimeType};base64,${c.data}`, 'aria-label': `Audio returned by the tool (${c.mimeType})` }),
                h('figcaption', { class: 'muted' }, c.mimeType));
        case 'resource_link':
            return h('p', { class: 'content-link' }, 'Resource link: ', h('code', {}, c.uri), c.name ? ` (${c.name})` : '', c.description ? ` — ${c.description}` : '');
        case 'resource': {
            const res = c.resource || {};
            return h('div', { class: 'content-resource' }, h('p', {}, 'Embedded resource ', h('code', {}, res.uri), res.mimeType ? ` (${res.mimeType})` : ''),
                res.text !== undefined ? h('pre', {}, res.text) : h('p', { class: 'muted' }, `${(res.blob || '').length} base64 characters`));
        }
        default:
            return json(c);
    }
}

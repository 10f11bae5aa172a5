// Workflows: the definitions (one definition's steps and input), starting a run from a form generated from the
// workflow's input schema (JSON where it declares none), the runs with filters and keyset paging, and one run whose
// steps change live from workflow_update events; cancelling a run. Starting and cancelling need the operator role:
// others do not see those controls.

import { api, latest, query, session, ApiError } from './api.js';
import { h, replace, badge, ms, time, table, field, json } from './dom.js';
import { buildForm, showViolations } from './schema-form.js';

const RUN_STATUSES = ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'COMPENSATED'];
const ENDED = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'UNKNOWN', 'COMPENSATED']);
const PAGE = 20;

/** A definition file's name (its full path is the cell's title), or "api". */
function sourceOf(source) {
    return source ? source.split(/[\\/]/).pop() : '';
}

export const workflows = {
    mount(root, ctx) {
        this.ctx = ctx;
        this.cursors = [null];
        this.readRuns = latest();
        this.defsEl = h('div', { id: 'wf-definitions' });
        this.filterWorkflow = h('select', { id: 'wf-filter-workflow' }, h('option', { value: '' }, 'all workflows'));
        this.filterStatus = h('select', { id: 'wf-filter-status' }, RUN_STATUSES.map(s => h('option', { value: s }, s || 'any')));
        const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter workflow runs' },
            field('Workflow', this.filterWorkflow), field('Status', this.filterStatus), h('button', { type: 'submit' }, 'Filter'));
        filters.addEventListener('submit', e => { e.preventDefault(); this.cursors = [null]; this.loadRuns().catch(ctx.fail); });
        this.filterWorkflow.addEventListener('change', () => filters.requestSubmit());
        this.filterStatus.addEventListener('change', () => filters.requestSubmit());
        this.runsEl = h('div', { id: 'wf-runs' });
        this.pager = h('div', { class: 'actions' });
        this.listPanels = [
            h('section', { class: 'panel', 'aria-labelledby': 'wf-defs-title' }, h('h3', { id: 'wf-defs-title' }, 'Definitions'), this.defsEl),
            h('section', { class: 'panel', 'aria-labelledby': 'wf-runs-title' }, h('h3', { id: 'wf-runs-title' }, 'Runs'),
                filters, this.runsEl, this.pager),
        ];
        this.detailEl = h('section', { class: 'panel', id: 'wf-detail', 'aria-labelledby': 'wf-detail-title' });
        replace(root, h('h2', {}, 'Workflows'), this.detailEl, this.listPanels);
    },

    unmount() { this.mounted = false; },

    async show([kind, id]) {
        this.runId = null;
        this.pendingEvents = null;
        if (kind === 'def' && id) {
            this.showList(false);
            await this.renderDefinition(id);
        } else if (kind === 'runs' && id) {
            this.showList(false);
            await this.renderRun(id);
        } else {
            this.showList(true);
            await Promise.all([this.loadDefinitions(), this.loadRuns()]);
        }
    },

    refresh() {
        if (this.runId) return this.renderRun(this.runId);
        return this.listPanels[0].hidden ? Promise.resolve() : Promise.all([this.loadDefinitions(), this.loadRuns()]);
    },

    showList(list) {
        for (const p of this.listPanels) p.hidden = !list;
        this.detailEl.hidden = list;
    },

    async loadDefinitions() {
        const listing = await api('/api/workflows');
        this.definitions = listing.workflows;
        const keep = this.filterWorkflow.value;
        this.filterWorkflow.replaceChildren(this.filterWorkflow.firstChild, ...listing.workflows.map(w => h('option', { value: w.id }, w.id)));
        this.filterWorkflow.value = keep;
        const invalid = Object.entries(listing.invalid || {});
        replace(this.defsEl,
            table(['workflow', 'description', { label: 'steps', class: 'num' }, 'source', 'MCP tool'],
                listing.workflows.map(w => h('tr', { dataset: { workflow: w.id } },
                    h('th', { scope: 'row' }, h('a', { href: `#workflows/def/${encodeURIComponent(w.id)}` }, w.id)),
                    h('td', {}, w.description || ''), h('td', { class: 'num' }, w.steps), h('td', { title: w.source || '' }, sourceOf(w.source)),
                    h('td', {}, h('code', {}, w.mcpTool)))), 'Workflow definitions'),
            listing.workflows.length ? null : h('p', { class: 'muted' }, 'No workflows are defined (docs/workflows.md says how).'),
            invalid.length ? [h('h4', {}, 'Definition files not used'),
                h('ul', { class: 'err', id: 'wf-invalid' }, invalid.map(([file, problems]) =>
                    h('li', {}, h('code', {}, file), ': ', problems.join('; '))))] : null);
    },

    filters() {
        return { workflow: this.filterWorkflow.value, status: this.filterStatus.value };
    },

    async loadRuns() {
        const cursor = this.cursors[this.cursors.length - 1];
        const page = await this.readRuns(`/api/workflow-runs${query({ ...this.filters(), limit: PAGE, cursor })}`);
        if (!page) return;
        replace(this.runsEl, table(['started', 'workflow', 'status', 'principal', { label: 'steps done', class: 'num' }, { label: 'duration', class: 'num' }, 'error'],
            page.items.map(r => this.runRow(r)), 'Workflow runs'),
        page.items.length ? null : h('p', { class: 'muted', id: 'wf-runs-empty' }, 'No runs match.'));
        replace(this.pager,
            h('button', { type: 'button', class: 'secondary', id: 'wf-newer', disabled: this.cursors.length === 1,
                onclick: () => { this.cursors.pop(); this.loadRuns().catch(this.ctx.fail); } }, 'Newer'),
            h('button', { type: 'button', class: 'secondary', id: 'wf-older', disabled: !page.nextCursor,
                onclick: () => { this.cursors.push(page.nextCursor); this.loadRuns().catch(this.ctx.fail); } }, 'Older'));
    },

    runRow(r) {
        const steps = r.steps || [];
        const done = steps.filter(s => ENDED.has(s.status)).length;
        const duration = r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.createdAt) : null;
        return h('tr', { dataset: { run: r.id, workflow: r.workflowId, created: r.createdAt } },
            h('td', {}, h('a', { href: `#workflows/runs/${r.id}` }, time(r.createdAt))),
            h('td', {}, r.workflowId),
            h('td', { class: 'run-state', dataset: { state: r.status } }, badge(r.status)),
            h('td', {}, r.principal || ''),
            h('td', { class: 'num steps-done' }, steps.length ? `${done} of ${steps.length}` : '–'),
            h('td', { class: 'num run-duration' }, duration === null ? '–' : ms(duration)),
            h('td', { class: 'err-cell' }, r.error || ''));
    },

    async renderDefinition(id) {
        const d = await api(`/api/workflows/${encodeURIComponent(id)}`);
        const def = d.definition || {};
        const declared = def.input !== undefined;
        const mayRun = session.may('operator');
        this.errorsEl = h('ul', { class: 'err', id: 'wf-errors' });
        let start = null;
        if (mayRun) {
            this.inputForm = declared ? buildForm(d.inputSchema) : null;
            this.inputJson = declared ? null : h('textarea', { id: 'wf-input-json', rows: 5, spellcheck: 'false', class: 'mono' }, '{}');
            const run = h('button', { type: 'submit', id: 'wf-start' }, 'Start a run');
            start = h('form', { id: 'wf-start-form', novalidate: true, 'aria-labelledby': 'wf-start-title' },
                declared ? this.inputForm.el
                    : field('Input (JSON object; this workflow declares no input schema)', this.inputJson),
                this.errorsEl, run);
            start.addEventListener('submit', e => { e.preventDefault(); this.start(d.id, run).catch(this.ctx.fail); });
        }
        const steps = def.steps || [];
        const stepRows = steps.map((s, i) => h('tr', { dataset: { step: s.id } },
            h('th', { scope: 'row' }, s.id),
            h('td', {}, h('a', { href: `#tools/${encodeURIComponent(s.tool)}` }, s.tool)),
            h('td', {}, (s.needs ?? (i === 0 ? [] : [steps[i - 1].id])).join(', ') || 'the run\'s start'),
            h('td', {}, s.when || ''),
            h('td', {}, [s.retry ? `retry ${s.retry.attempts}×` : '', s.onFailure ? `on failure: ${s.onFailure}` : '',
                s.compensate ? `compensate: ${s.compensate.tool}` : '', s.timeout ? `timeout ${s.timeout}` : ''].filter(Boolean).join('; ')),
            h('td', {}, h('details', {}, h('summary', {}, 'arguments'), json(s.arguments ?? {})))));
        replace(this.detailEl,
            h('p', {}, h('a', { href: '#workflows' }, '← all workflows and runs')),
            h('h3', { id: 'wf-detail-title' }, `Workflow ${d.id}`),
            d.description ? h('p', {}, d.description) : null,
            h('p', { class: 'muted' }, `from ${d.source === 'api' || !d.source ? 'the API' : d.source}; also the MCP tool `, h('code', {}, d.mcpTool)),
            h('h4', {}, 'Steps'),
            table(['step', 'tool', 'after', 'when', 'policy', 'arguments'], stepRows, 'Steps of the workflow'),
            h('details', {}, h('summary', {}, declared ? 'Input schema' : 'Input schema (none declared: any object)'), json(d.inputSchema)),
            def.output ? h('details', {}, h('summary', {}, 'Output'), json(def.output)) : null,
            h('h4', { id: 'wf-start-title' }, 'Start a run'),
            start || h('p', { class: 'hint', id: 'wf-start-needs-role' }, `Starting runs needs the operator role; you are ${session.role()}.`),
            h('p', {}, h('a', { href: '#workflows', onclick: () => { this.filterWorkflow.value = d.id; this.cursors = [null]; } }, `All runs of ${d.id}`)));
    },

    async start(id, button) {
        this.errorsEl.replaceChildren();
        for (const f of this.detailEl.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
        let input;
        try {
            if (this.inputForm) input = this.inputForm.read() || {};
            else {
                input = JSON.parse(this.inputJson.value.trim() || '{}');
                if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('The input must be a JSON object.');
            }
        } catch (e) {
            this.errorsEl.append(h('li', {}, e instanceof SyntaxError ? `The input is not JSON: ${e.message}` : e.message));
            return;
        }
        button.disabled = true;
        try {
            const started = await api(`/api/workflows/${encodeURIComponent(id)}/runs`, { method: 'POST', body: input });
            location.hash = `#workflows/runs/${started.runId}`;
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            this.errorsEl.append(h('li', {}, e.message));
            showViolations(e.violations, this.errorsEl, this.detailEl);
        } finally {
            button.disabled = false;
        }
    },

    async renderRun(runId) {
        this.runId = runId;
        // events that arrive while the run is read are applied on top of what it shows
        this.pendingEvents = [];
        let r;
        try {
            r = await api(`/api/workflow-runs/${encodeURIComponent(runId)}`);
        } catch (e) {
            this.pendingEvents = null;
            throw e;
        }
        if (this.runId !== runId) return;
        this.stepsBody = h('tbody', {}, (r.steps || []).map(s => this.stepRow(s)));
        this.runState = h('span', { id: 'wf-run-state', dataset: { state: r.status } }, badge(r.status));
        this.runMessage = h('p', { class: 'message', id: 'wf-run-message', role: 'status' });
        this.cancelButton = session.may('operator') && r.status === 'RUNNING'
            ? h('button', { type: 'button', class: 'danger', id: 'wf-cancel', onclick: () => this.cancel(runId).catch(this.ctx.fail) }, 'Cancel run')
            : null;
        this.outputEl = h('div', { id: 'wf-output' }, r.output !== null && r.output !== undefined ? [h('h4', {}, 'Output'), json(r.output)] : null);
        this.runErrorEl = h('p', { class: 'err', id: 'wf-run-error' }, r.error || '');
        this.finishedEl = h('dd', { id: 'wf-run-finished' }, r.finishedAt ? time(r.finishedAt) : '–');
        replace(this.detailEl,
            h('p', {}, h('a', { href: '#workflows' }, '← all workflows and runs')),
            h('h3', { id: 'wf-detail-title' }, `Run of `, h('a', { href: `#workflows/def/${encodeURIComponent(r.workflowId)}` }, r.workflowId), ' ', this.runState),
            h('dl', { class: 'kv' }, Object.entries({
                run: r.id, principal: r.principal || '–', started: time(r.createdAt), finished: this.finishedEl,
                'request id': r.requestId || '–',
            }).flatMap(([k, v]) => [h('dt', {}, k), v instanceof Node ? v : h('dd', {}, v)])),
            this.runErrorEl, this.cancelButton, this.runMessage,
            h('h4', {}, 'Steps'),
            h('table', { id: 'wf-steps' }, h('caption', { class: 'sr-only' }, 'Steps of the run'),
                h('thead', {}, h('tr', {}, ['step', 'tool', 'status', 'attempts', 'duration', 'execution', 'error']
                    .map(label => h('th', { scope: 'col', class: label === 'attempts' || label === 'duration' ? 'num' : undefined }, label)))),
                this.stepsBody),
            h('details', {}, h('summary', {}, 'Input (redacted)'), json(r.input ?? {})),
            this.outputEl);
        const pending = this.pendingEvents;
        this.pendingEvents = null;
        for (const e of pending) this.applyToRun(e);
    },

    stepRow(s) {
        const row = h('tr', { dataset: { step: s.id, state: s.status, attempts: s.attempts ?? 0 } },
            h('th', { scope: 'row' }, s.id), h('td', {}, s.toolId || ''),
            h('td', { class: 'step-state' }, badge(s.status)), h('td', { class: 'num step-attempts' }, s.attempts ?? 0),
            h('td', { class: 'num step-duration' }, s.durationMs === null || s.durationMs === undefined ? '–' : ms(s.durationMs)),
            h('td', { class: 'step-execution' }, s.executionId ? h('a', { href: `#executions/${s.executionId}` }, 'audit row') : '–'),
            h('td', { class: 'err-cell step-error' }, s.error || ''));
        return row;
    },

    /** One workflow_update event on the run shown: the step's row (or the run's state) changes in place. */
    applyToRun(e) {
        const d = e.data;
        if (d.phase === 'run_finished') {
            this.runState.dataset.state = d.status;
            replace(this.runState, badge(d.status));
            this.runErrorEl.textContent = d.error || '';
            this.finishedEl.textContent = time(e.timestamp);
            this.cancelButton?.remove();
            // the output is evaluated when the run has ended: read it once
            api(`/api/workflow-runs/${encodeURIComponent(d.runId)}`).then(r => {
                if (this.runId === d.runId && r.output !== null && r.output !== undefined) replace(this.outputEl, h('h4', {}, 'Output'), json(r.output));
            }).catch(() => { });
            return;
        }
        if (d.phase !== 'step_started' && d.phase !== 'step_finished') return;
        let row = this.stepsBody.querySelector(`tr[data-step="${CSS.escape(d.stepId)}"]`);
        if (!row) {
            row = this.stepRow({ id: d.stepId, toolId: d.toolId, status: 'PENDING', attempts: 0 });
            this.stepsBody.append(row);
        }
        const shown = row.dataset.state;
        const attempts = Number(row.dataset.attempts || 0);
        let status;
        let attemptsNow;
        if (d.phase === 'step_started') {
            // a start older than what the row shows (read after it) changes nothing
            if (!(shown === 'PENDING' || d.attempt > attempts)) return;
            status = 'RUNNING';
            attemptsNow = d.attempt;
        } else {
            status = d.status;
            attemptsNow = d.attempts;
        }
        row.dataset.state = status;
        row.dataset.attempts = attemptsNow;
        row.dataset.live = 'event';
        row.dataset.eventTimestamp = e.timestamp;
        replace(row.querySelector('.step-state'), badge(status));
        row.querySelector('.step-attempts').textContent = attemptsNow;
        if (d.durationMs !== undefined) row.querySelector('.step-duration').textContent = ms(d.durationMs);
        if (d.executionId) replace(row.querySelector('.step-execution'), h('a', { href: `#executions/${d.executionId}` }, 'audit row'));
        row.querySelector('.step-error').textContent = d.error || '';
    },

    /** One workflow_update event on the runs list (first page): a run started appears, a run ended shows its status. */
    applyToList(e) {
        const d = e.data;
        const body = this.runsEl.querySelector('tbody');
        if (!body || this.listPanels[0].hidden) return;
        const row = body.querySelector(`tr[data-run="${CSS.escape(d.runId)}"]`);
        if (d.phase === 'run_started') {
            const f = this.filters();
            if (row || this.cursors.length > 1 || (f.workflow && f.workflow !== d.workflowId) || (f.status && f.status !== 'RUNNING')) return;
            this.runsEl.querySelector('#wf-runs-empty')?.remove();
            body.prepend(this.runRow({ id: d.runId, workflowId: d.workflowId, status: 'RUNNING', principal: d.principal,
                createdAt: e.timestamp, steps: Array.from({ length: d.steps || 0 }, () => ({ status: 'PENDING' })) }));
            body.firstChild.dataset.live = 'event';
        } else if (row && d.phase === 'step_finished') {
            const cell = row.querySelector('.steps-done');
            const m = /^(\d+) of (\d+)$/.exec(cell.textContent);
            if (m && !d.stepId.endsWith(':compensate')) cell.textContent = `${Math.min(Number(m[1]) + 1, Number(m[2]))} of ${m[2]}`;
        } else if (row && d.phase === 'run_finished') {
            const cell = row.querySelector('.run-state');
            cell.dataset.state = d.status;
            replace(cell, badge(d.status));
            row.querySelector('.err-cell').textContent = d.error || '';
            const took = Date.parse(e.timestamp) - Date.parse(row.dataset.created);
            if (!Number.isNaN(took)) row.querySelector('.run-duration').textContent = ms(took);
            row.dataset.live = 'event';
        }
    },

    async cancel(runId) {
        this.cancelButton.disabled = true;
        try {
            const answer = await api(`/api/workflow-runs/${encodeURIComponent(runId)}/cancel`, { method: 'POST' });
            this.runMessage.textContent = `Cancel asked (${answer.outcome}); the run stops when its running steps have been cancelled.`;
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            this.runMessage.textContent = e.message;
            this.cancelButton.disabled = false;
        }
    },

    onEvent(e) {
        if (e.type !== 'workflow_update' || !e.data) return;
        if (this.runId && e.data.runId === this.runId) {
            if (this.pendingEvents) this.pendingEvents.push(e);
            else if (this.stepsBody) this.applyToRun(e);
        }
        this.applyToList(e);
    },
};

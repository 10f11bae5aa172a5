// One live event stream for the whole console: the gateway's SSE endpoint read with fetch(), since EventSource
// cannot send an Authorization header. Reconnects on its own and sends Last-Event-ID, so nothing is missed; an
// events_lost event (ids that left the gateway's history) asks every tab to reload what it shows.

import { session, url } from './api.js';

export class EventStream {
    constructor(onState) {
        this.handlers = new Map();
        this.lastId = null;
        this.retryMs = 3000;
        this.onState = onState;
        this.controller = null;
        this.stopped = true;
        this.failures = 0;
    }

    on(type, fn) {
        if (!this.handlers.has(type)) this.handlers.set(type, new Set());
        this.handlers.get(type).add(fn);
        return () => this.handlers.get(type).delete(fn);
    }

    emit(type, envelope) {
        for (const key of [type, '*']) {
            for (const fn of this.handlers.get(key) || []) {
                try { fn(envelope); } catch (e) { console.error(e); }
            }
        }
    }

    start() {
        this.stopped = false;
        this.connect();
    }

    stop() {
        this.stopped = true;
        if (this.controller) this.controller.abort();
        clearTimeout(this.timer);
        this.onState('offline', 'Signed out');
    }

    async connect() {
        if (this.stopped) return;
        this.controller = new AbortController();
        this.onState(this.lastId === null ? 'connecting' : 'reconnecting', this.lastId === null ? 'Connecting…' : 'Reconnecting…');
        try {
            const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` };
            if (this.lastId !== null) headers['Last-Event-ID'] = this.lastId;
            const response = await fetch(url('/api/events/stream'), { headers, signal: this.controller.signal, cache: 'no-store' });
            if (response.status === 401 || response.status === 403) {
                this.onState('offline', `Live updates refused (${response.status})`);
                this.emit('unauthorized', { status: response.status });
                return;
            }
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            await this.read(response.body.getReader());
            throw new Error('stream ended');
        } catch (e) {
            if (this.stopped) return;
            this.failures++;
            const wait = Math.min(this.retryMs * Math.min(this.failures, 5), 15000);
            this.onState('reconnecting', `Reconnecting in ${Math.round(wait / 1000)} s (${e.message || e})`);
            this.timer = setTimeout(() => this.connect(), wait);
        }
    }

    async read(reader) {
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
                this.frame(frame);
            }
        }
    }

    frame(frame) {
        let id = null, type = 'message', data = '';
        for (const line of frame.split(/\r?\n/)) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'id') id = value;
            else if (name === 'event') type = value;
            else if (name === 'data') data += (data ? '\n' : '') + value;
            else if (name === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
        }
        if (!data && type === 'message') return;
        if (id !== null) this.lastId = id;
        if (type === 'connected') {
            this.failures = 0;
            this.onState('live', 'Live');
            this.emit('connected', {});
            return;
        }
        let envelope;
        try { envelope = JSON.parse(data); } catch { return; }
        envelope.receivedAt = Date.now();
        this.emit(type, envelope);
    }
}

// Charts over time from the audit log: calls and errors per minute, and p50/p95 durations per minute, for the last
// hour, kept current by the execution events. uPlot (npm, pinned) is served from the WAR.

import uPlot from '../vendor/uplot/uPlot.esm.js';

const MINUTE = 60_000;
const SPAN = 60;

export class MinuteSeries {
    constructor() {
        this.buckets = new Map();
    }

    add(startedAtMs, durationMs, failed) {
        const key = Math.floor(startedAtMs / MINUTE) * MINUTE;
        let b = this.buckets.get(key);
        if (!b) this.buckets.set(key, b = { calls: 0, errors: 0, durations: [] });
        b.calls++;
        if (failed) b.errors++;
        if (durationMs !== undefined && durationMs !== null) b.durations.push(durationMs);
    }

    /** uPlot data: [x (s)], calls, errors, p50, p95, over the last hour, one point a minute. */
    data(now = Date.now()) {
        const last = Math.floor(now / MINUTE) * MINUTE;
        const xs = [], calls = [], errors = [], p50 = [], p95 = [];
        for (let t = last - (SPAN - 1) * MINUTE; t <= last; t += MINUTE) {
            const b = this.buckets.get(t);
            xs.push(t / 1000);
            calls.push(b ? b.calls : 0);
            errors.push(b ? b.errors : 0);
            p50.push(b && b.durations.length ? percentile(b.durations, 0.5) : null);
            p95.push(b && b.durations.length ? percentile(b.durations, 0.95) : null);
        }
        for (const key of this.buckets.keys()) if (key < last - SPAN * MINUTE) this.buckets.delete(key);
        return { counts: [xs, calls, errors], durations: [xs, p50, p95] };
    }
}

function percentile(values, q) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function chart(target, title, series, data) {
    const width = Math.max(300, Math.min(target.clientWidth || 560, 900));
    return new uPlot({
        title,
        width,
        height: 200,
        series: [{}, ...series.map(([label, stroke, unit]) => ({
            label, stroke, width: 2, spanGaps: false, points: { show: true, size: 5 },
            value: (u, v) => v === null || v === undefined ? '–' : `${Math.round(v * 10) / 10}${unit || ''}`,
        }))],
        axes: [{}, { size: 50 }],
        scales: { x: { time: true } },
    }, data, target);
}

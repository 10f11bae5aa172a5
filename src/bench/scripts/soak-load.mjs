// Steady load for the soak (src/bench/scripts/soak.sh): REST tool calls at a fixed rate (echo, add, and a few that
// fail on purpose: a missing tool, bad arguments, a timeout), calls over /mcp with the official TypeScript SDK client
// on a session it replaces every few minutes, one SSE client that stays and one that reconnects every 30 s.
// Writes its running totals as JSON to <status file> every 5 s, so the sampler can print them next to the gateway's.
// usage: node soak-load.mjs <base url> <token> <seconds> <rest calls/s> <mcp calls/s> <status file>
import { writeFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [base, token, secondsArg, restRateArg, mcpRateArg, statusFile] = process.argv.slice(2);
const seconds = Number(secondsArg);
const restRate = Number(restRateArg);
const mcpRate = Number(mcpRateArg);
const auth = { Authorization: `Bearer ${token}` };
const end = Date.now() + seconds * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const totals = {
  rest: 0, restByStatus: {}, mcp: 0, mcpErrors: 0, mcpSessions: 0,
  sseEvents: 0, sseReconnects: 0, sseErrors: 0, latencies: [], p50ms: 0, p99ms: 0,
};
const count = (status) => { totals.restByStatus[status] = (totals.restByStatus[status] ?? 0) + 1; };

// One in twenty calls fails on purpose, so the error paths run for the whole hour too.
const restCall = (n) => {
  switch (n % 20) {
    case 5: return ["everything.no-such-tool", { arguments: {} }];
    case 10: return ["everything.get-sum", { arguments: { a: "not a number", b: 1 } }];
    case 15: return ["everything.trigger-long-running-operation", { arguments: { duration: 5, steps: 5 }, timeoutMs: 200 }];
    case 1: case 3: case 7: return ["everything.get-sum", { arguments: { a: n, b: 2 } }];
    default: return ["everything.echo", { arguments: { message: `soak ${n}` } }];
  }
};

async function restLoad() {
  const interval = 1000 / restRate;
  let n = 0;
  let next = Date.now();
  const inFlight = new Set();
  while (Date.now() < end) {
    const [tool, body] = restCall(n++);
    const started = performance.now();
    const call = fetch(`${base}/api/tools/${tool}/execute`, {
      method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then(async (response) => {
      await response.arrayBuffer();
      count(response.status);
      if (response.status === 200) totals.latencies.push(performance.now() - started);
    }).catch((e) => count(`error ${e.cause?.code ?? e.message}`))
      .finally(() => { totals.rest++; inFlight.delete(call); });
    inFlight.add(call);
    next += interval;
    await sleep(Math.max(0, next - Date.now()));
  }
  await Promise.allSettled([...inFlight]);
}

async function mcpLoad() {
  const interval = 1000 / mcpRate;
  let n = 0;
  while (Date.now() < end) {
    const client = new Client({ name: "soak", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: auth } });
    try {
      await client.connect(transport);
      totals.mcpSessions++;
      const sessionEnd = Math.min(end, Date.now() + 300_000);
      let next = Date.now();
      while (Date.now() < sessionEnd) {
        try {
          const result = await client.callTool({ name: "everything__echo", arguments: { message: `mcp ${n++}` } });
          if (result.isError) totals.mcpErrors++;
        } catch {
          totals.mcpErrors++;
        }
        totals.mcp++;
        next += interval;
        await sleep(Math.max(0, next - Date.now()));
      }
      await transport.terminateSession().catch(() => { });
      await client.close();
    } catch {
      totals.mcpErrors++;
      await sleep(1000);
    }
  }
}

async function sse(reconnectMs) {
  while (Date.now() < end) {
    const controller = new AbortController();
    const stop = setTimeout(() => controller.abort(), Math.min(reconnectMs, Math.max(1, end - Date.now())));
    try {
      const response = await fetch(`${base}/api/events/stream`, { headers: auth, signal: controller.signal });
      if (!response.ok) {
        totals.sseErrors++;
        await response.arrayBuffer();
        await sleep(1000);
        continue;
      }
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        totals.sseEvents += (decoder.decode(chunk, { stream: true }).match(/^data:/gm) ?? []).length;
      }
    } catch (e) {
      if (e.name !== "AbortError") { totals.sseErrors++; await sleep(1000); }
    } finally {
      clearTimeout(stop);
    }
    totals.sseReconnects++;
  }
}

const report = () => {
  const sorted = totals.latencies.sort((a, b) => a - b);
  if (sorted.length) {
    totals.p50ms = Math.round(sorted[Math.floor(sorted.length * 0.5)] * 10) / 10;
    totals.p99ms = Math.round(sorted[Math.floor(sorted.length * 0.99)] * 10) / 10;
  }
  totals.latencies = [];
  const { latencies, ...shown } = totals;
  writeFileSync(statusFile, JSON.stringify(shown));
};
const reporter = setInterval(report, 5000);
await Promise.all([restLoad(), mcpLoad(), sse(seconds * 1000 + 60_000), sse(30_000)]);
clearInterval(reporter);
report();
console.log(JSON.stringify(totals));
process.exit(0);

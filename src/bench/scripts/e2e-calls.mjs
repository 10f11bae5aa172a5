// Tool calls end to end (README, "Benchmarks"): one client, the official TypeScript MCP SDK, calls the tool `echo` of
// @modelcontextprotocol/server-everything over stdio
//   - directly (the floor),
//   - through mcp-hub (its /mcp, the HTTP+SSE transport) and mcp-proxy (Streamable HTTP), the pinned devDependencies,
//   - through the gateway over REST (POST /api/tools/everything.echo/execute, fetch with keep-alive) and over /mcp
//     (Streamable HTTP, everything__echo), in variants: sign-in (JWT) on or off, audit on the embedded H2 or PostgreSQL.
// Everything on loopback; every call has arguments of its own (no cache hits); the gateway's rate limits are off.
// Per target: a warm-up, sequential calls (p50/p99), then throughput at concurrency 16 and 64, and the CPU per call of
// the server under test (utime + stime from /proc/<pid>/stat before and after a phase, divided by its calls).
// The script starts and stops everything it uses: the peers, one Liberty server per gateway variant (created next to
// the build's Liberty servers, removed afterwards) and a PostgreSQL schema of its own (dropped afterwards).
//
// usage: node src/bench/scripts/e2e-calls.mjs [options]   (after mvn -DskipTests package liberty:create)
//   --smoke                 a few calls against the floor and one gateway variant, to prove the harness works
//   --calls N               sequential calls per target (2000)
//   --throughput-calls N    calls per concurrency level (4000)
//   --concurrency 16,64     concurrency levels of the throughput phases
//   --warmup N              warm-up calls per target, half at the first concurrency, half one at a time (2000)
//   --jit-quiet PCT         then, for the gateway, more warm-up rounds of 2000 calls at the first concurrency until the
//                           JIT compiler took less than PCT% of the JVM's CPU in a round (5; 0 = no such rounds)
//   --warmup-max N          at most N warm-up calls per target in all (60000)
//   --targets LIST          floor,mcp-hub,mcp-proxy,gateway (all)
//   --variants LIST         gateway variants: h2-off,h2-jwt,pg-jwt (also pg-off); auth and audit database
//   --protocols LIST        rest,mcp (both); also noop: GET /api/me, an authenticated request that does nothing,
//                           the platform's own cost per request (HTTP, security, JAX-RS, CDI) without a call
//   --pg URL                PostgreSQL of the pg-* variants (jdbc:postgresql://127.0.0.1:5432/test, user postgres)
//   --heap N                after the measured phases, N more calls to each gateway target at the first concurrency,
//                           with its heap after a full GC (jcmd GC.run, GC.heap_info) read before and after them
//   --jfr                   record the gateway's measured phases with JFR (profile settings, via jcmd) into
//                           target/bench-e2e/<variant>-<protocol>.jfr
//   --async-profiler SO     also profile those phases with async-profiler (the libasyncProfiler.so at SO, loaded with
//                           jcmd JVMTI.agent_load; CPU samples every 1 ms, Java and native frames): a flame graph and
//                           collapsed stacks in target/bench-e2e/<variant>-<protocol>.{html,collapsed}
//   --keep                  keep the Liberty servers' directories (logs) after the run
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const EVERYTHING = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const WLP = join(ROOT, "target/liberty/wlp");
const WAR = join(ROOT, "target/mcp-hybrid-server.war");
const WORK = join(ROOT, "target/bench-e2e");

// ---- options ----
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
if (flag("help")) {
  // the comment at the top of this file
  const lines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
  console.log(lines.slice(0, lines.findIndex((l) => l.startsWith("import "))).map((l) => l.slice(3)).join("\n"));
  process.exit(0);
}
const SMOKE = flag("smoke");
const opts = {
  calls: Number(option("calls", SMOKE ? 20 : 2000)),
  throughputCalls: Number(option("throughput-calls", SMOKE ? 20 : 4000)),
  concurrency: option("concurrency", SMOKE ? "4" : "16,64").split(",").map(Number),
  warmup: Number(option("warmup", SMOKE ? 6 : 2000)),
  jitQuiet: Number(option("jit-quiet", SMOKE ? 0 : 5)),
  warmupMax: Number(option("warmup-max", 60000)),
  targets: option("targets", SMOKE ? "floor,gateway" : "floor,mcp-hub,mcp-proxy,gateway").split(","),
  variants: option("variants", SMOKE ? "h2-jwt" : "h2-off,h2-jwt,pg-jwt").split(","),
  protocols: option("protocols", "rest,mcp").split(","),
  pg: option("pg", "jdbc:postgresql://127.0.0.1:5432/test"),
  pgUser: option("pg-user", "postgres"),
  jfr: flag("jfr"),
  asyncProfiler: option("async-profiler", null),
  heap: Number(option("heap", 0)),
  keep: flag("keep"),
};

const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`;

// ---- clean-up of everything started here, also on Ctrl-C ----
const cleanups = [];
const atExit = (fn) => cleanups.push(fn);
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (e) {
      log(`  clean-up: ${e.message}`);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => cleanUp().finally(() => process.exit(130)));
}

// ---- processes and their CPU ----
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS };
  } catch {
    return null;
  }
}
const cpuMs = (pids) => pids.reduce((sum, pid) => sum + (stat(pid)?.cpuMs ?? 0), 0);

function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry)) {
      const s = stat(entry);
      if (s) {
        (children.get(s.ppid) ?? children.set(s.ppid, []).get(s.ppid)).push(Number(entry));
      }
    }
  }
  const found = [];
  const walk = (pid) => (children.get(pid) ?? []).forEach((c) => { found.push(c); walk(c); });
  walk(Number(root));
  return found;
}

const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "); } catch { return ""; } };
/** The server-everything processes started by `pid` (directly or through a shell). */
const everythingUnder = (pid) => descendants(pid).filter((c) => cmdline(c).includes("server-everything"));

async function waitFor(what, ms, probe) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`${what} not ready within ${ms / 1000} s${last ? `: ${last.message}` : ""}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.on("error", rej);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

/** Starts a node program of ours; it and what it started are stopped at the end (by their pids). */
function startNode(name, args, env = {}) {
  const out = join(WORK, `${name}.log`);
  mkdirSync(WORK, { recursive: true });
  const child = spawn(process.execPath, args, {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks = [];
  child.stdout.on("data", (d) => chunks.push(d));
  child.stderr.on("data", (d) => chunks.push(d));
  const stop = async () => {
    const family = [child.pid, ...descendants(child.pid)];
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5000)]);
    for (const pid of family) {
      try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
    }
    writeFileSync(out, Buffer.concat(chunks));
  };
  atExit(stop);
  return { child, stop, output: () => Buffer.concat(chunks).toString() };
}

// ---- the measurement ----
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `n` calls with `concurrency` in flight; latency per call, calls/s, CPU per call of `pids` and of `downstream`. */
async function phase(target, n, concurrency, label) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  let firstError;
  const pids = target.pids();
  const down = target.downstream();
  const cpu0 = cpuMs(pids);
  const down0 = cpuMs(down);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const started = performance.now();
      try {
        await target.call(`${target.name}-${label}-${i}-${RUN}`);
        latencies.push(performance.now() - started);
      } catch (e) {
        errors++;
        firstError ??= e;
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  latencies.sort((a, b) => a - b);
  if (errors > 0) {
    log(`    ${label}: ${errors} of ${n} calls failed, first: ${firstError?.message ?? firstError}`);
  }
  return {
    calls: n, concurrency, errors,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99),
    perSecond: (n - errors) / seconds,
    cpuPerCall: (cpuMs(pids) - cpu0) / n,
    downstreamCpuPerCall: down.length ? (cpuMs(down) - down0) / n : NaN,
    clientCpuPerCall: (client.user + client.system) / 1000 / n,
  };
}

async function measure(target) {
  log(`\n${target.name}: ${target.describe}`);
  if (opts.warmup > 0) {
    await phase(target, Math.ceil(opts.warmup / 2), opts.concurrency[0], "warmup-c");
    await phase(target, Math.floor(opts.warmup / 2), 1, "warmup-1");
  }
  if (opts.jitQuiet > 0 && target.kind === "gateway") await warmUntilJitQuiet(target);
  // JFR (--jfr) records the measured phases only, not start-up and warm-up
  const jfr = opts.jfr && target.kind === "gateway" ? join(WORK, `${target.variant}-${target.protocol}.jfr`) : null;
  if (jfr) execFileSync("jcmd", [String(target.pids()[0]), "JFR.start", "name=e2e-bench", "settings=profile"], { stdio: "ignore" });
  const profile = opts.asyncProfiler && target.kind === "gateway" ? join(WORK, `${target.variant}-${target.protocol}`) : null;
  // quoted: jcmd would otherwise take the '=' in the agent's options for one of its own arguments
  const profiler = (command) => execFileSync("jcmd", [String(target.pids()[0]), "JVMTI.agent_load", resolve(opts.asyncProfiler), `"${command}"`],
    { stdio: "ignore" });
  if (profile) profiler("start,event=cpu,interval=1ms");
  const result = { name: target.name, kind: target.kind, variant: target.variant, protocol: target.protocol,
    warmupCalls: target.warmupCalls ?? opts.warmup, jitShare: target.jitShare,
    seq: await phase(target, opts.calls, 1, "seq"), at: {} };
  log(`  sequential: ${fmtPhase(result.seq)}`);
  for (const c of opts.concurrency) {
    result.at[c] = await phase(target, opts.throughputCalls, c, `c${c}`);
    log(`  concurrency ${c}: ${fmtPhase(result.at[c])}`);
  }
  if (jfr) {
    execFileSync("jcmd", [String(target.pids()[0]), "JFR.stop", "name=e2e-bench", `filename=${jfr}`], { stdio: "ignore" });
    log(`  JFR recording of these phases: ${jfr}`);
  }
  if (profile) {
    profiler(`dump,file=${profile}.collapsed,collapsed`);
    profiler(`stop,file=${profile}.html,flamegraph`);
    log(`  CPU profile of these phases: ${profile}.html, ${profile}.collapsed`);
  }
  if (opts.heap > 0 && target.kind === "gateway") {
    const before = heapAfterGc(target.pids()[0]);
    const long = await phase(target, opts.heap, opts.concurrency[0], "heap");
    const after = heapAfterGc(target.pids()[0]);
    result.heap = { calls: opts.heap, beforeMb: before, afterMb: after, perSecond: long.perSecond, errors: long.errors };
    log(`  heap after a full GC: ${before.toFixed(1)} MB, then ${opts.heap} calls (${long.perSecond.toFixed(0)} calls/s), `
      + `then ${after.toFixed(1)} MB (${(after - before >= 0 ? "+" : "") + (after - before).toFixed(1)} MB)`);
  }
  return result;
}

/**
 * Warm-up rounds until the JVM has compiled what the calls run: on two cores the JIT compiler takes more than half
 * of the CPU for the first tens of thousands of calls, so a figure taken earlier measures the compiler, not the
 * gateway. The JIT's time is the JVM's own counter (jstat -compiler); a round's CPU is the process's.
 */
async function warmUntilJitQuiet(target) {
  const pid = target.pids()[0];
  const jitSeconds = () => Number(execFileSync("jstat", ["-compiler", String(pid)], { encoding: "utf8" }).trim().split("\n")[1]
    .trim().split(/\s+/)[3]);
  const round = 2000;
  let calls = opts.warmup;
  let share = NaN;
  while (calls + round <= opts.warmupMax) {
    const jit0 = jitSeconds();
    const cpu0 = cpuMs([pid]);
    await phase(target, round, opts.concurrency[0], `warmup-jit-${calls}`);
    calls += round;
    share = (100 * (jitSeconds() - jit0) * 1000) / (cpuMs([pid]) - cpu0);
    if (share < opts.jitQuiet) break;
  }
  target.warmupCalls = calls;
  target.jitShare = share;
  log(`  warmed up with ${calls} calls; the JIT compiler took ${share.toFixed(1)}% of the JVM's CPU in the last round of ${round}`);
}

/** Heap in use (MB) right after a full collection, as the JVM itself reports it. */
function heapAfterGc(pid) {
  execFileSync("jcmd", [String(pid), "GC.run"], { stdio: "ignore" });
  const info = execFileSync("jcmd", [String(pid), "GC.heap_info"]).toString();
  const used = info.match(/used (\d+)K/);
  if (!used) throw new Error(`cannot read the heap of ${pid}: ${info.slice(0, 200)}`);
  return Number(used[1]) / 1024;
}

const ms = (v) => (Number.isFinite(v) ? (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)) : "-");
const fmtPhase = (p) => `${p.perSecond.toFixed(0)} calls/s, p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, CPU/call ${ms(p.cpuPerCall)} ms`
  + ` (downstream ${ms(p.downstreamCpuPerCall)} ms, client ${ms(p.clientCpuPerCall)} ms)${p.errors ? `, ${p.errors} failed` : ""}`;

// ---- clients ----
function expectEcho(result, message) {
  const text = result?.content?.[0]?.text;
  if (result?.isError || text !== `Echo: ${message}`) {
    throw new Error(`unexpected result: ${JSON.stringify(result).slice(0, 300)}`);
  }
}

async function mcpClient(transport, toolName) {
  const client = new Client({ name: "mcp-hybrid-e2e-bench", version: "1.0.0" });
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  if (!tools.includes(toolName)) {
    throw new Error(`${toolName} is not among the tools: ${tools.join(", ")}`);
  }
  atExit(() => client.close().catch(() => { }));
  return {
    client,
    call: async (message) => expectEcho(await client.callTool({ name: toolName, arguments: { message } }), message),
  };
}

function restCaller(base, token) {
  const url = `${base}/api/tools/everything.echo/execute`;
  const headers = { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  return async (message) => {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ arguments: { message } }) });
    const body = await response.json();
    if (response.status !== 200 || body.status !== "SUCCESS") {
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    expectEcho(body.result, message);
  };
}

// ---- targets ----
async function floor() {
  const transport = new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], cwd: ROOT, stderr: "ignore" });
  const { call } = await mcpClient(transport, "echo");
  const pid = transport.pid;
  return {
    name: "floor", kind: "floor", describe: `server-everything over stdio, no proxy (pid ${pid}; CPU: that process)`,
    call, pids: () => [pid], downstream: () => [],
  };
}

async function mcpHub() {
  const port = await freePort();
  const dir = join(WORK, "mcp-hub");
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } } }, null, 2));
  // its workspace cache and logs go to the XDG directories: keep them in target
  const hub = startNode("mcp-hub", [join(ROOT, "node_modules/mcp-hub/dist/cli.js"), "--port", String(port), "--config", config], {
    XDG_STATE_HOME: join(dir, "state"), XDG_CONFIG_HOME: join(dir, "config"), XDG_DATA_HOME: join(dir, "data"), XDG_CACHE_HOME: join(dir, "cache"),
  });
  await waitFor("mcp-hub", 60_000, async () => {
    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    return health.state === "ready" && health.servers?.some((s) => s.name === "everything" && s.status === "connected");
  });
  const { call } = await mcpClient(new SSEClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)), "everything__echo");
  return {
    name: "mcp-hub", kind: "peer", describe: `mcp-hub 4.2.1, HTTP+SSE at /mcp, tool everything__echo (CPU: its node process ${hub.child.pid})`,
    call, pids: () => [hub.child.pid], downstream: () => everythingUnder(hub.child.pid), stop: hub.stop,
  };
}

async function mcpProxy() {
  const port = await freePort();
  const proxy = startNode("mcp-proxy", [join(ROOT, "node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs"), "--port", String(port),
    "--", process.execPath, EVERYTHING, "stdio"]);
  await waitFor("mcp-proxy", 60_000, async () => /starting server on port/.test(proxy.output()));
  const { call } = await mcpClient(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)), "echo");
  return {
    name: "mcp-proxy", kind: "peer", describe: `mcp-proxy 6.7.19, Streamable HTTP at /mcp (CPU: its node process ${proxy.child.pid})`,
    call, pids: () => [proxy.child.pid], downstream: () => everythingUnder(proxy.child.pid), stop: proxy.stop,
  };
}

// ---- gateway variants: one Liberty server each ----
function psql(sql) {
  const url = new URL(opts.pg.replace(/^jdbc:/, ""));
  const result = spawnSync("psql", ["-h", url.hostname, "-p", url.port || "5432", "-U", opts.pgUser, "-d", url.pathname.slice(1),
    "-v", "ON_ERROR_STOP=1", "-qc", sql], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql: ${result.stderr || result.error}`);
}

/** The JDBC drivers the build copied into a Liberty server (liberty:create for gateway, or the ITs' servers). */
function jdbcDrivers() {
  for (const server of ["gateway", "gateway-it", "gateway-it2"]) {
    const lib = join(WLP, "usr/servers", server, "lib/jdbc");
    if (existsSync(join(lib, "h2.jar")) && existsSync(join(lib, "postgresql.jar"))) return lib;
  }
  throw new Error(`no JDBC drivers under ${WLP}/usr/servers/*/lib/jdbc: run mvn -DskipTests package liberty:create first`);
}

function server(name, ...args) {
  const result = spawnSync(join(WLP, "bin/server"), [...args.slice(0, 1), name, ...args.slice(1)], { encoding: "utf8", timeout: 240_000 });
  if (result.status !== 0) {
    throw new Error(`server ${args[0]} ${name}: exit ${result.status}: ${result.stdout}${result.stderr}`);
  }
}

async function startGateway(variant) {
  const [db, auth] = variant.split("-");
  if (!["h2", "pg"].includes(db) || !["jwt", "off"].includes(auth)) {
    throw new Error(`a variant is h2|pg-jwt|off, e.g. h2-jwt; was ${variant}`);
  }
  if (!existsSync(WAR) || !existsSync(join(WLP, "bin/server"))) {
    throw new Error(`needs ${WAR} and Liberty in ${WLP}: run mvn -DskipTests package liberty:create first`);
  }
  const name = `bench-e2e-${variant}`;
  const dir = join(WLP, "usr/servers", name);
  const work = join(WORK, variant);
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(dir, "apps"), { recursive: true });
  mkdirSync(work, { recursive: true });
  for (const file of readdirSync(join(ROOT, "liberty"))) cpSync(join(ROOT, "liberty", file), join(dir, file));
  cpSync(jdbcDrivers(), join(dir, "lib/jdbc"), { recursive: true });
  cpSync(WAR, join(dir, "apps/mcp-hybrid-server.war"));
  const catalogue = join(work, "mcp-servers.yml");
  writeFileSync(catalogue, `# written by src/bench/scripts/e2e-calls.mjs: just server-everything over stdio
servers:
  - id: everything
    transport: stdio
    command: ${JSON.stringify(process.execPath)}
    args: [${JSON.stringify(EVERYTHING)}, stdio]
`);
  const port = await freePort();
  const keys = join(work, "keys");
  const schema = `bench_e2e_${RUN}_${variant.replace("-", "_")}`;
  const props = {
    "http.host": "127.0.0.1",
    "http.port": port,
    "https.port": await freePort(),
    "gateway.home": ROOT,
    "gateway.catalogue.path": catalogue,
    "gateway.data.dir": join(work, "data"),
    "gateway.mcp.virtual-servers-file": join(work, "none.yml"),
    "gateway.access.policy-file": join(work, "none.yml"),
    "gateway.auth": auth,
    "gateway.auth.dev-key-dir": keys,
    "mp.jwt.verify.publickey.location": `file:${keys}/dev-jwt-public.pem`,
    "gateway.ratelimit.enabled": "false",
    "gateway.dogfood.enabled": "false",
    ...(db === "pg" ? {
      "gateway.db.url": `${opts.pg}${opts.pg.includes("?") ? "&" : "?"}currentSchema=${schema}`,
      "gateway.db.user": opts.pgUser,
      "gateway.db.password": "unused-with-trust-auth",
      "gateway.db.schema": schema,
    } : {}),
  };
  // what `server create` writes: without a keystore password, Liberty's SSL service stays down and mpJwt with it, so
  // every bearer token would be answered 401 (WWW-Authenticate: Basic)
  writeFileSync(join(dir, "server.env"), `keystore_password=${randomBytes(18).toString("base64url")}\n`);
  writeFileSync(join(dir, "bootstrap.properties"), Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  if (db === "pg") {
    atExit(() => { psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); log(`  dropped schema ${schema}`); });
  }
  atExit(() => { if (!opts.keep) rmSync(dir, { recursive: true, force: true }); });
  const started = Date.now();
  let running = true;
  const stop = () => {
    if (running) {
      running = false;
      server(name, "stop");
    }
  };
  atExit(stop);
  server(name, "start", "--clean");
  const base = `http://127.0.0.1:${port}`;
  let token;
  await waitFor(`gateway ${variant}`, 240_000, async () => {
    if (auth === "jwt" && !token) {
      if (!existsSync(join(keys, "dev-jwt-private.pem"))) return false;
      token = execFileSync("java", [join(ROOT, "src/main/java/dev/mcphybrid/security/DevTokens.java"), "--key",
        join(keys, "dev-jwt-private.pem"), "--ttl", "PT12H", "--sub", "bench-e2e", "admin"], { encoding: "utf8" }).trim();
    }
    const response = await fetch(`${base}/api/tools/everything.echo`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET /api/tools/everything.echo: HTTP ${response.status} ${text.slice(0, 200)}`);
    return true;
  }).catch((e) => {
    const messages = join(dir, "logs/messages.log");
    if (existsSync(messages)) {
      log(`  the last lines of ${messages}:\n${readFileSync(messages, "utf8").split("\n").slice(-25).join("\n")}`);
    }
    throw e;
  });
  const pid = Number(readFileSync(join(WLP, "usr/servers/.pid", `${name}.pid`), "utf8").trim());
  log(`\ngateway ${variant}: Liberty server ${name} on ${base}, JVM pid ${pid}, ready in ${((Date.now() - started) / 1000).toFixed(0)} s`
    + `${db === "pg" ? ` (audit in PostgreSQL schema ${schema})` : " (audit in the embedded H2)"}`);
  return { name, base, token, pid, auth, db, stop };
}

async function gatewayTargets(variant, gateway) {
  const pids = () => [gateway.pid];
  const downstream = () => everythingUnder(gateway.pid);
  const list = [];
  for (const protocol of opts.protocols) {
    const name = `gateway ${protocol.toUpperCase()} ${variant}`;
    if (protocol === "rest") {
      list.push({ name, kind: "gateway", variant, protocol, pids, downstream, call: restCaller(gateway.base, gateway.token),
        describe: `POST /api/tools/everything.echo/execute, fetch keep-alive (CPU: the Liberty JVM)` });
    } else if (protocol === "mcp") {
      const headers = gateway.token ? { Authorization: `Bearer ${gateway.token}` } : {};
      const { call } = await mcpClient(new StreamableHTTPClientTransport(new URL(`${gateway.base}/mcp`), { requestInit: { headers } }),
        "everything__echo");
      list.push({ name, kind: "gateway", variant, protocol, pids, downstream, call,
        describe: `Streamable HTTP at /mcp, tool everything__echo (CPU: the Liberty JVM)` });
    } else if (protocol === "noop") {
      const url = `${gateway.base}/api/me`;
      const headers = gateway.token ? { Authorization: `Bearer ${gateway.token}` } : {};
      list.push({ name, kind: "gateway", variant, protocol, pids, downstream, describe: `GET /api/me, fetch keep-alive: no tool call (CPU: the Liberty JVM)`,
        call: async () => {
          const response = await fetch(url, { headers });
          const body = await response.text();
          if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.slice(0, 300)}`);
        } });
    } else {
      throw new Error(`unknown protocol ${protocol}`);
    }
  }
  return list;
}

// ---- the report ----
function report(results) {
  const levels = opts.concurrency;
  const head = ["target", "seq p50", "seq p99", ...levels.flatMap((c) => [`c${c} calls/s`, `c${c} p50`, `c${c} p99`]),
    `CPU ms/call c${levels[0]} (server / downstream)`, "failed"];
  const rows = results.map((r) => [r.name, ms(r.seq.p50), ms(r.seq.p99),
    ...levels.flatMap((c) => [r.at[c].perSecond.toFixed(0), ms(r.at[c].p50), ms(r.at[c].p99)]),
    `${ms(r.at[levels[0]].cpuPerCall)} / ${ms(r.at[levels[0]].downstreamCpuPerCall)}`,
    String(r.seq.errors + levels.reduce((s, c) => s + r.at[c].errors, 0))]);
  const table = (h, rs) => [`| ${h.join(" | ")} |`, `| ${h.map(() => "---").join(" | ")} |`, ...rs.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  log(`\n## Tool calls end to end${SMOKE ? " (SMOKE: a few calls, the figures mean nothing)" : ""}`);
  log(`${opts.calls} sequential calls, ${opts.throughputCalls} calls per concurrency level, after ${opts.warmup} warm-up calls; latency in ms\n`);
  log(table(head, rows));
  const warmed = results.filter((r) => r.warmupCalls !== opts.warmup);
  if (warmed.length) {
    log(`\nWarmed up longer until the JIT compiler took < ${opts.jitQuiet}% of the JVM's CPU: `
      + warmed.map((r) => `${r.name} ${r.warmupCalls} calls (JIT ${r.jitShare.toFixed(1)}% in the last round)`).join("; "));
  }

  const floor = results.find((r) => r.kind === "floor");
  const peers = results.filter((r) => r.kind === "peer");
  const others = results.filter((r) => r.kind !== "floor");
  if (floor || peers.length) {
    const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : "-");
    const c = levels[0];
    const cols = ["target"];
    if (floor) cols.push("seq p50 over the floor", `c${c} calls/s vs floor`, ...levels.slice(1).map((l) => `c${l} calls/s vs floor`));
    for (const p of peers) {
      cols.push(`seq p50 vs ${p.name}`, ...levels.map((l) => `c${l} calls/s vs ${p.name}`), `CPU/call c${c} vs ${p.name}`);
    }
    const ratioRows = others.map((r) => {
      const row = [r.name];
      if (floor) {
        row.push(`+${ms(r.seq.p50 - floor.seq.p50)} ms`, ...levels.map((l) => ratio(r.at[l].perSecond, floor.at[l].perSecond)));
      }
      for (const p of peers) {
        if (p === r) {
          row.push("-", ...levels.map(() => "-"), "-");
          continue;
        }
        row.push(ratio(r.seq.p50, p.seq.p50), ...levels.map((l) => ratio(r.at[l].perSecond, p.at[l].perSecond)),
          ratio(r.at[c].cpuPerCall, p.at[c].cpuPerCall));
      }
      return row;
    });
    log(`\nRatios (latency: higher is slower; calls/s: higher is faster; CPU: higher costs more)\n`);
    log(table(cols, ratioRows));
  }

  // what sign-in and the audit database cost, from variants that differ in one of them only
  const gw = (protocol, variant) => results.find((r) => r.kind === "gateway" && r.protocol === protocol && r.variant === variant);
  const costs = [];
  for (const protocol of opts.protocols) {
    for (const [what, without, withIt] of [["JWT (vs sign-in off), H2", "h2-off", "h2-jwt"], ["JWT (vs sign-in off), PostgreSQL", "pg-off", "pg-jwt"],
      ["PostgreSQL audit (vs H2), JWT", "h2-jwt", "pg-jwt"], ["PostgreSQL audit (vs H2), sign-in off", "h2-off", "pg-off"]]) {
      const a = gw(protocol, without);
      const b = gw(protocol, withIt);
      if (a && b) {
        const c = levels[0];
        costs.push([`${protocol.toUpperCase()}: ${what}`, `${ms(b.seq.p50 - a.seq.p50)} ms`,
          `${(((b.at[c].perSecond / a.at[c].perSecond) - 1) * 100).toFixed(0)}%`,
          `${ms(b.at[c].cpuPerCall - a.at[c].cpuPerCall)} ms`]);
      }
    }
  }
  if (costs.length) {
    log(`\nWhat each costs (the variant with it minus the one without)\n`);
    log(table(["cost of", "seq p50", `c${levels[0]} calls/s`, `CPU/call c${levels[0]}`], costs));
  }
  const heaps = results.filter((r) => r.heap);
  if (heaps.length) {
    log(`\nHeap after a full GC, before and after the extra calls (--heap)\n`);
    log(table(["target", "calls", "before MB", "after MB", "change MB"], heaps.map((r) => [r.name, String(r.heap.calls),
      r.heap.beforeMb.toFixed(1), r.heap.afterMb.toFixed(1), (r.heap.afterMb - r.heap.beforeMb).toFixed(1)])));
  }
}

// ---- main ----
const results = [];
let failed = false;
try {
  mkdirSync(WORK, { recursive: true });
  log(`Tool calls end to end${SMOKE ? " (smoke)" : ""}: ${opts.targets.join(", ")}; gateway variants ${opts.variants.join(", ")} over `
    + `${opts.protocols.join(", ")}; ${readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm).length} cores, load average `
    + `${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}, Node ${process.version}`);
  for (const kind of opts.targets) {
    if (kind === "gateway") {
      for (const variant of opts.variants) {
        const gateway = await startGateway(variant);
        for (const target of await gatewayTargets(variant, gateway)) {
          results.push(await measure(target));
        }
        gateway.stop();
      }
    } else {
      const start = { floor, "mcp-hub": mcpHub, "mcp-proxy": mcpProxy }[kind];
      if (!start) throw new Error(`unknown target ${kind}`);
      const target = await start();
      results.push(await measure(target));
      await target.stop?.();
    }
  }
  report(results);
  const errors = results.reduce((s, r) => s + r.seq.errors + Object.values(r.at).reduce((t, p) => t + p.errors, 0), 0);
  if (SMOKE && errors > 0) {
    throw new Error(`${errors} calls failed`);
  }
  writeFileSync(join(WORK, `results-${RUN}.json`), JSON.stringify({ opts, results }, null, 2));
} catch (e) {
  failed = true;
  console.error(`\ne2e benchmark failed: ${e.stack ?? e}`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);

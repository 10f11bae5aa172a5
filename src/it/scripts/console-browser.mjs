// Drives the operator console in a real browser (Debian's Chromium through playwright-core) for ConsoleIT.
// Prints one JSON object per line: {"step": ..., ...}; a failure is {"step": "error", "message": ...} and exit 1.
// usage: node console-browser.mjs <gateway-url> <admin-token> <viewer-token> <foreign-token> <victim-pid> <out-dir>
import { consoleContext, launchChromium, recordProblems } from "./console-chromium.mjs";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";

const [base, adminToken, viewerToken, foreignToken, victimPid, outDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const print = (step, value = {}) => console.log(JSON.stringify({ step, ...value }));
const WAIT = { timeout: 15000 };
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();
const problems = [];
try {
  const context = await consoleContext(browser);
  const page = await context.newPage();
  recordProblems(page, problems, (m) => /status of (401|403|422) /.test(m.text()));

  const tab = async (name) => {
    await page.click(`#tabs a[data-tab="${name}"]`);
    await page.waitForFunction((n) => document.querySelector(`[data-view="${n}"]`)?.isConnected, name, WAIT);
  };
  const shot = (name, fullPage = false) => page.screenshot({ path: `${outDir}/${name}.png`, fullPage });
  const shot2 = (other, name) => other.screenshot({ path: `${outDir}/${name}.png` });
  const axe = async (name) => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    print("axe", { tab: name, violations: result.violations.length,
      serious: serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`) });
  };

  // -- serving and sign-in: the root opens the console without a token
  const response = await page.goto(`${base}/`);
  await page.waitForSelector("#token", WAIT);
  print("served", { url: page.url(), csp: response.headers()["content-security-policy"] || null });

  await page.fill("#token", "not-a-token");
  await page.click("#token-form button[type=submit]");
  await page.waitForFunction(() => /not a JWT/.test(document.querySelector("#sign-in-message").textContent), null, WAIT);
  await page.fill("#token", foreignToken);
  await page.click("#token-form button[type=submit]");
  await page.waitForFunction(() => /401/.test(document.querySelector("#sign-in-message").textContent), null, WAIT);
  print("refused", { message: await page.textContent("#sign-in-message") });

  await page.fill("#token", adminToken);
  await page.click("#token-form button[type=submit]");
  await page.waitForSelector("#ov-status .state", WAIT);
  await page.waitForSelector("#stream-state[data-state=live]", WAIT);
  print("signed-in", { who: await page.textContent("#who") });

  // -- load time: a fresh load with the token of this tab, until the overview shows its data and the stream is live
  const ready = () => page.waitForFunction(() => document.querySelector("#ov-status .state")
      && document.querySelector("#chart-calls canvas") && document.querySelector("#ov-memory .state")
      && document.querySelector("#stream-state")?.dataset.state === "live", null, { ...WAIT, polling: 10 });
  const loads = [];
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await ready();
    loads.push(Math.round(await page.evaluate(() => performance.now())));
  }
  print("load", { ms: loads, best: Math.min(...loads) });

  // -- servers: every server of the catalogue, live states, a server's handshake and tools
  await tab("servers");
  await page.waitForSelector('tr[data-server="victim"] .state-cell[data-state="HEALTHY"]', { timeout: 120000 });
  const rows = await page.$$eval("#servers-list tbody tr", (trs) => trs.map((tr) => ({
    id: tr.dataset.server, state: tr.querySelector(".state-cell").dataset.state,
    transport: tr.children[2].textContent, tools: Number(tr.children[5].textContent) })));
  print("servers", { rows });
  await page.click('#servers-list a[href="#servers/memory"]');
  await page.waitForSelector("#sd-title", WAIT);
  await page.waitForFunction(() => document.querySelectorAll("#server-detail li a[href^='#tools/memory.']").length > 0, null, WAIT);
  print("server-detail", { title: await page.textContent("#sd-title"), details: await page.textContent("#server-detail dl") });
  await shot("servers");
  await axe("servers");

  // admin actions: a registration refused at its fields, then registered, disconnected, connected and deleted
  const target = (await (await fetch(`${base}/api/servers/everything-http/status`,
    { headers: { Authorization: `Bearer ${adminToken}` } })).json()).target;
  await page.evaluate(() => { location.hash = "#servers"; });
  await page.fill("#reg-id", "bad id!");
  await page.fill("#reg-url", "ftp://0177.0.0.1/x");
  await page.click("#register-form button[type=submit]");
  await page.waitForSelector("#register-form .field.invalid", WAIT);
  const refusedFields = await page.$$eval("#register-form .field.invalid", (fs) => fs.map((f) => f.querySelector("input").name));
  await page.fill("#reg-id", "console-registered");
  await page.fill("#reg-url", target);
  await page.click("#register-form button[type=submit]");
  const row = 'tr[data-server="console-registered"]';
  await page.waitForSelector(`${row} .state-cell[data-state="HEALTHY"]`, WAIT);
  await page.click('button[aria-label="Disconnect console-registered"]');
  await page.waitForSelector(`${row} .state-cell[data-state="DISCONNECTED"]`, WAIT);
  await page.click('button[aria-label="Connect console-registered"]');
  await page.waitForSelector(`${row} .state-cell[data-state="HEALTHY"]`, WAIT);
  page.once("dialog", (d) => d.accept());
  await page.click('button[aria-label="Delete registration console-registered"]');
  await page.waitForFunction((r) => !document.querySelector(r), row, WAIT);
  print("admin-actions", { refusedFields, registered: target });

  // -- tools: list and filter, then forms generated from input schemas
  await tab("tools");
  await page.waitForSelector("#tools-count", WAIT);
  const total = await page.textContent("#tools-count");
  await page.selectOption("#tools-server", "everything");
  await page.waitForFunction(() => {
    const ids = [...document.querySelectorAll("#tools-list tbody tr")].map((tr) => tr.dataset.tool);
    return ids.length > 0 && ids.every((id) => id.startsWith("everything."));
  }, null, WAIT);
  print("tools", { total, everything: await page.$$eval("#tools-list tbody tr", (trs) => trs.length) });
  await axe("tools");

  const openTool = async (id) => {
    await page.evaluate((t) => { location.hash = `#tools/${t}`; }, id);
    await page.waitForFunction((t) => document.querySelector("#tool-title")?.textContent.includes(t), id, WAIT);
  };
  const execute = async () => {
    await page.click("#tool-execute");
    await page.waitForFunction(() => document.querySelector("#tool-result .result") || document.querySelector("#tool-errors li"), null, WAIT);
  };

  await openTool("everything.echo");
  await page.fill('.field[data-path="/message"] input, .field[data-path="/message"] textarea', "hello from the console");
  await execute();
  print("echo", { status: await page.getAttribute("#tool-result .result", "data-status"), text: await page.textContent("#tool-result .content-text") });

  await openTool("everything.get-tiny-image");
  await execute();
  await page.waitForFunction(() => document.querySelector("#tool-result img")?.naturalWidth > 0, null, WAIT);
  print("image", { src: (await page.getAttribute("#tool-result img", "src")).slice(0, 22) });
  await shot("tools");
  await axe("tool page");

  await openTool("everything.get-structured-content");
  await page.selectOption('.field[data-path="/location"] select', { label: "Chicago" });
  await execute();
  print("structured", { text: await page.textContent("#tool-result") });

  const entity = `console-it-${Date.now()}`;
  await openTool("memory.create_entities");
  await page.click('button[aria-label="Add an item to entities"]');
  await page.fill('.field[data-path="/entities/0/name"] input', entity);
  await page.fill('.field[data-path="/entities/0/entityType"] input', "test");
  await page.click('button[aria-label="Add an item to observations"]');
  await page.fill('.field[data-path="/entities/0/observations/0"] input, .field[data-path="/entities/0/observations/0"] textarea', "made by the console test");
  await execute();
  print("nested", { entity, text: await page.textContent("#tool-result") });

  await openTool("everything.get-sum");
  await page.fill('.field[data-path="/a"] input', "2");
  await execute();
  print("invalid", { errors: await page.$$eval("#tool-errors li", (lis) => lis.map((li) => li.textContent)),
    invalidFields: await page.$$eval(".field.invalid", (fs) => fs.map((f) => f.dataset.path)) });

  await openTool("everything.trigger-long-running-operation");
  await page.fill('.field[data-path="/duration"] input', "3");
  await page.fill('.field[data-path="/steps"] input', "3");
  await page.click("#tool-execute");
  await page.waitForSelector("#tool-progress progress", WAIT);
  const progress = await page.textContent("#tool-progress");
  await page.waitForSelector("#tool-result .result", WAIT);
  print("progress", { live: progress, after: await page.textContent("#tool-progress") });

  // -- logs: the tail, filters, pause and resume
  await tab("logs");
  await page.waitForFunction(() => document.querySelectorAll("#logs-tail div").length > 0, null, WAIT);
  print("logs", { lines: await page.$$eval("#logs-tail div", (d) => d.length) });
  await shot("logs");
  await axe("logs");
  await page.click("#logs-pause");
  const paused = await page.getAttribute("#logs-pause", "aria-pressed");
  await page.click("#logs-pause");
  await page.fill("#logs-q", "victim");
  await page.press("#logs-q", "Enter");
  await page.waitForTimeout(500);
  const before = await page.$$eval("#logs-tail div", (d) => d.length);
  print("logs-filtered", { paused, before });

  // -- a stdio server killed: its row turns UNHEALTHY from the state-change event
  await tab("servers");
  await page.evaluate(() => { location.hash = "#servers"; });
  await page.waitForSelector('tr[data-server="victim"] .state-cell[data-state="HEALTHY"]', { timeout: 120000 });
  await page.evaluate(() => {
    window.__shown = null;
    new MutationObserver(() => {
      const cell = document.querySelector('tr[data-server="victim"] .state-cell');
      if (!window.__shown && cell?.dataset.state === "UNHEALTHY") window.__shown = { at: Date.now(), event: cell.dataset.eventTimestamp || null };
    }).observe(document.querySelector("#servers-list"), { subtree: true, childList: true, attributes: true });
  });
  const killedAt = Date.now();
  process.kill(Number(victimPid), "SIGKILL");
  await page.waitForFunction(() => window.__shown, null, { timeout: 20000, polling: 20 });
  const shown = await page.evaluate(() => window.__shown);
  print("unhealthy", { event: shown.event, eventToRowMs: shown.event ? shown.at - Date.parse(shown.event) : null, killToRowMs: shown.at - killedAt });
  await shot("servers-victim-down");

  // the gateway's log line about it reaches the tail live (the tab keeps its lines; it is not reloaded)
  await tab("logs");
  await page.waitForFunction((n) => document.querySelectorAll("#logs-tail div").length > n, before, WAIT);
  print("log-line", { line: await page.textContent("#logs-tail div") });

  // -- executions: the audit log, one execution's details, stats
  await tab("executions");
  await page.waitForSelector("#executions-list tbody tr", WAIT);
  const echoRow = page.locator("#executions-list tbody tr", { hasText: "everything.echo" }).first();
  await echoRow.locator("a").click();
  await page.waitForSelector("#ed-title", WAIT);
  print("execution", { title: await page.textContent("#ed-title"), detail: await page.textContent("#execution-detail") });
  await page.waitForSelector("#executions-stats table", WAIT);
  await shot("executions");
  await axe("executions");

  // -- workflows: definitions, a run started from its generated form whose steps turn SUCCEEDED live, a run started
  // from JSON input, runs filtered and paged, a run cancelled
  const gatewayApi = async (method, path, body, token = adminToken) => {
    const r = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const runEnded = async (runId) => {
    for (let i = 0; i < 300; i++) {
      const run = await gatewayApi("GET", `/api/workflow-runs/${runId}`);
      if (run.status !== "RUNNING") return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not end`);
  };
  await gatewayApi("PUT", "/api/workflows/console-echo", {
    id: "console-echo", description: "Three echoes of a text, the last after a two-second operation",
    input: { type: "object", properties: { text: { type: "string", minLength: 1 } }, required: ["text"] },
    steps: [
      { id: "first", tool: "everything.echo", arguments: { message: "${input.text}" } },
      { id: "second", tool: "everything.echo", arguments: { message: "${steps.first.result/content/0/text} again" } },
      { id: "pause", tool: "everything.trigger-long-running-operation", arguments: { duration: 2, steps: 2 } },
      { id: "third", tool: "everything.echo", arguments: { message: "done after ${steps.pause.attempts} attempt(s)" } },
    ],
    output: { said: "${steps.second.result/content/0/text}" },
  });
  await gatewayApi("PUT", "/api/workflows/console-plain", {
    id: "console-plain", description: "One echo; no input schema",
    steps: [{ id: "say", tool: "everything.echo", arguments: { message: "plain ${input.note}" } }],
  });
  // enough runs of console-plain for a second page
  const plainRuns = [];
  for (let i = 0; i < 22; i++) plainRuns.push((await gatewayApi("POST", "/api/workflows/console-plain/runs", { note: `page ${i}` })).runId);
  for (const id of plainRuns) await runEnded(id);

  await tab("workflows");
  await page.waitForSelector('#wf-definitions tr[data-workflow="console-echo"]', WAIT);
  const definitions = await page.$$eval("#wf-definitions tbody tr", (trs) => trs.map((tr) => tr.dataset.workflow));
  await page.selectOption("#wf-filter-workflow", "console-plain");
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll("#wf-runs tbody tr")];
    return rows.length === 20 && rows.every((tr) => tr.dataset.workflow === "console-plain");
  }, null, WAIT);
  const olderEnabled = await page.$eval("#wf-older", (b) => !b.disabled);
  await page.click("#wf-older");
  await page.waitForFunction(() => !document.querySelector("#wf-newer").disabled, null, WAIT);
  const secondPage = await page.$$eval("#wf-runs tbody tr", (trs) => trs.map((tr) => tr.dataset.run));
  await page.click("#wf-newer");
  await page.waitForFunction(() => document.querySelector("#wf-newer").disabled, null, WAIT);
  await page.selectOption("#wf-filter-status", "SUCCEEDED");
  await page.waitForFunction(() => [...document.querySelectorAll("#wf-runs tbody tr .run-state")].every((c) => c.dataset.state === "SUCCEEDED"), null, WAIT);
  print("workflow-runs", { definitions, olderEnabled, secondPage: secondPage.length,
    secondPageFromFirstRuns: secondPage.filter((id) => plainRuns.slice(0, 2).includes(id)).length });
  await page.selectOption("#wf-filter-workflow", "");
  await page.selectOption("#wf-filter-status", "");
  await axe("workflows");

  // the definition's page: steps, a form from its input schema; a run refused at its field, then one that runs
  await page.click('#wf-definitions a[href="#workflows/def/console-echo"]');
  await page.waitForSelector("#wf-start-form", WAIT);
  const definitionSteps = await page.$$eval("#wf-detail tbody tr[data-step]", (trs) => trs.map((tr) => tr.dataset.step));
  await axe("workflow definition");
  await page.click("#wf-start");
  await page.waitForSelector("#wf-errors li", WAIT);
  const refused = await page.$$eval("#wf-errors li", (lis) => lis.map((li) => li.textContent));
  const refusedInputs = await page.$$eval("#wf-detail .field.invalid", (fs) => fs.map((f) => f.dataset.path));
  const echoText = `console-workflow-${Date.now()}`;
  await page.fill('.field[data-path="/text"] input, .field[data-path="/text"] textarea', echoText);
  await page.evaluate(() => {
    window.__steps = [];
    new MutationObserver(() => {
      for (const tr of document.querySelectorAll("#wf-steps tbody tr[data-step]")) {
        const seen = window.__steps.filter((s) => s.step === tr.dataset.step).pop();
        if (!seen || seen.state !== tr.dataset.state) {
          window.__steps.push({ step: tr.dataset.step, state: tr.dataset.state, live: tr.dataset.live || null,
            event: tr.dataset.eventTimestamp || null, at: Date.now() });
        }
      }
    }).observe(document.querySelector("#wf-detail"), { subtree: true, childList: true, attributes: true });
  });
  await page.click("#wf-start");
  await page.waitForFunction(() => /^#workflows\/runs\//.test(location.hash), null, WAIT);
  const runId = await page.evaluate(() => location.hash.split("/")[2]);
  await page.waitForSelector('#wf-run-state[data-state="SUCCEEDED"]', { timeout: 60000 });
  await page.waitForFunction(() => /again/.test(document.querySelector("#wf-output")?.textContent || ""), null, WAIT);
  const transitions = await page.evaluate(() => window.__steps);
  const liveSteps = transitions.filter((t) => t.live === "event" && t.state === "SUCCEEDED" && t.event);
  print("workflow-run", { runId, definitionSteps, refused, refusedFields: refusedInputs, text: echoText,
    steps: await page.$$eval("#wf-steps tbody tr", (trs) => trs.map((tr) => ({ id: tr.dataset.step, state: tr.dataset.state }))),
    transitions: transitions.map((t) => `${t.step}:${t.state}${t.live ? "(event)" : ""}`),
    liveSucceeded: liveSteps.map((t) => t.step),
    eventToRowMs: liveSteps.length ? Math.max(...liveSteps.map((t) => t.at - Date.parse(t.event))) : null,
    output: await page.textContent("#wf-output") });
  await shot("workflows", true);
  await axe("workflow run");

  // a workflow without an input schema takes JSON
  await page.evaluate(() => { location.hash = "#workflows/def/console-plain"; });
  await page.waitForSelector("#wf-input-json", WAIT);
  await page.fill("#wf-input-json", "{not json");
  await page.click("#wf-start");
  await page.waitForFunction(() => /not JSON/.test(document.querySelector("#wf-errors").textContent), null, WAIT);
  await page.fill("#wf-input-json", '{"note": "from the JSON box"}');
  await page.click("#wf-start");
  await page.waitForSelector('#wf-run-state[data-state="SUCCEEDED"]', { timeout: 60000 });
  const plainRun = await gatewayApi("GET", `/api/workflow-runs/${await page.evaluate(() => location.hash.split("/")[2])}`);
  print("workflow-json", { status: plainRun.status, input: plainRun.input });

  // a slow run cancelled from its page
  await page.evaluate(() => { location.hash = "#workflows/def/slow"; });
  await page.waitForSelector("#wf-start-form", WAIT);
  await page.fill('.field[data-path="/seconds"] input', "30");
  await page.click("#wf-start");
  await page.waitForSelector('#wf-steps tr[data-step="wait"][data-state="RUNNING"]', { timeout: 30000 });
  await page.click("#wf-cancel");
  await page.waitForSelector('#wf-run-state[data-state="CANCELLED"]', { timeout: 30000 });
  print("workflow-cancel", { state: await page.getAttribute("#wf-run-state", "data-state"),
    wait: await page.getAttribute('#wf-steps tr[data-step="wait"]', "data-state"), message: await page.textContent("#wf-run-message"),
    cancelButton: await page.$$eval("#wf-cancel", (b) => b.length) });

  // -- the event stream cut: the console reached through a TCP proxy of this script, cut while runs are started
  // directly at the gateway, then let through again. The console says it is reconnecting, reconnects with
  // Last-Event-ID and shows the runs of the gap from the replayed events (it reads no run list meanwhile).
  {
    const target = new URL(base);
    const sockets = new Set();
    let blocked = false;
    const proxy = net.createServer((client) => {
      if (blocked) { client.destroy(); return; }
      const upstream = net.connect(Number(target.port), target.hostname);
      sockets.add(client); sockets.add(upstream);
      const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
      client.pipe(upstream); upstream.pipe(client);
    });
    await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxied = `http://127.0.0.1:${proxy.address().port}`;
    const context2 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page2 = await context2.newPage();
    page2.on("pageerror", (e) => problems.push(`page error (proxied): ${e.message}`));
    const streams = [];
    const listReads = [];
    page2.on("request", (r) => {
      if (r.url().includes("/api/events/stream")) streams.push({ at: Date.now(), lastEventId: r.headers()["last-event-id"] || null });
      if (/\/api\/workflow-runs(\?|$)/.test(r.url())) listReads.push(Date.now());
    });
    const lost = [];
    await page2.goto(`${proxied}/console/#workflows`);
    await page2.fill("#token", adminToken);
    await page2.click("#token-form button[type=submit]");
    await page2.waitForSelector("#stream-state[data-state=live]", WAIT);
    await page2.waitForSelector("#wf-runs tbody tr", WAIT);
    await page2.evaluate(() => {
      window.__stream = [];
      new MutationObserver(() => {
        const el = document.querySelector("#stream-state");
        const last = window.__stream[window.__stream.length - 1];
        if (!last || last.state !== el.dataset.state) window.__stream.push({ state: el.dataset.state, text: el.textContent, at: Date.now() });
      }).observe(document.querySelector("#stream-state"), { attributes: true, childList: true, characterData: true, subtree: true });
    });

    // a run before the cut: the page shows it from its events, and so has an event id to resume from
    const warm = (await gatewayApi("POST", "/api/workflows/console-plain/runs", { note: "before the cut" })).runId;
    await page2.waitForSelector(`#wf-runs tr[data-run="${warm}"][data-live="event"] .run-state[data-state="SUCCEEDED"]`, WAIT);
    const cutAt = Date.now();
    blocked = true;
    for (const s of sockets) s.destroy();
    await page2.waitForSelector("#stream-state[data-state=reconnecting]", WAIT);
    const saying = await page2.textContent("#stream-state");
    const readsBefore = listReads.length;
    const gapRuns = [];
    for (let i = 0; i < 3; i++) gapRuns.push((await gatewayApi("POST", "/api/workflows/console-plain/runs", { note: `gap ${i}` })).runId);
    for (const id of gapRuns) await runEnded(id);
    // held until the console has tried again and been refused at least once, as in a real outage
    const attemptsBefore = streams.filter((s) => s.at < cutAt).length;
    for (let i = 0; i < 200 && streams.length <= attemptsBefore; i++) await new Promise((r) => setTimeout(r, 100));
    const refusedAttempts = streams.length - attemptsBefore;
    await page2.waitForFunction(() => / in \d+ s/.test(document.querySelector("#stream-state").textContent), null, WAIT);
    const sayingAfterRefusal = await page2.textContent("#stream-state");
    const restoredAt = Date.now();
    blocked = false;
    await page2.waitForSelector("#stream-state[data-state=live]", { timeout: 60000 });
    const liveAt = Date.now();
    await page2.waitForFunction((ids) => ids.every((id) => document.querySelector(`#wf-runs tr[data-run="${id}"] .run-state`)?.dataset.state === "SUCCEEDED"),
      gapRuns, { timeout: 30000, polling: 20 });
    const shownAt = Date.now();
    const reconnect = streams.filter((s) => s.at >= restoredAt);
    print("reconnect", { saying, sayingAfterRefusal, refusedAttempts, gapRuns, gapMs: restoredAt - cutAt, restoreToLiveMs: liveAt - restoredAt, restoreToShownMs: shownAt - restoredAt,
      streamRequests: streams.length, lastEventId: reconnect.length ? reconnect[0].lastEventId : null,
      firstLastEventId: streams[0].lastEventId, listReadsAfterCut: listReads.length - readsBefore,
      fromEvents: await page2.$$eval("#wf-runs tbody tr", (trs, ids) => trs.filter((tr) => ids.includes(tr.dataset.run) && tr.dataset.live === "event").length, gapRuns),
      states: await page2.evaluate(() => window.__stream.map((s) => s.state)) });
    await shot2(page2, "workflows-reconnected");
    await context2.close();
    proxy.close();
  }

  // -- overview: the alert of the kill arrived live, the charts hold the calls made above
  await tab("overview");
  await page.waitForFunction(() => /victim/.test(document.querySelector("#ov-alerts").textContent), null, WAIT);
  print("overview", { status: await page.textContent("#ov-status"), alerts: await page.textContent("#ov-alerts") });
  await shot("overview", true);
  await axe("overview");

  // -- keyboard: the tabs are reachable and followed with the keyboard alone
  await page.focus('#tabs a[data-tab="overview"]');
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#servers", null, WAIT);
  print("keyboard", { hash: await page.evaluate(() => location.hash) });

  // -- a viewer sees what it may read, not the buttons it may not use
  await page.click("#sign-out");
  await page.fill("#token", viewerToken);
  await page.click("#token-form button[type=submit]");
  await page.waitForFunction(() => /viewer/.test(document.querySelector("#who").textContent), null, WAIT);
  await page.evaluate(() => { location.hash = "#tools/everything.echo"; });
  await page.waitForSelector("#tool-execute", WAIT);
  const executeDisabled = await page.$eval("#tool-execute", (b) => b.disabled);
  await page.evaluate(() => { location.hash = "#servers"; });
  await page.waitForSelector('tr[data-server="everything"]', WAIT);
  const adminButtons = await page.$$eval("#servers-list button", (b) => b.length);
  const registerForm = await page.$$eval("#register-form", (f) => f.length);
  // workflows: no start form, no cancel button on a run that is running
  const running = (await gatewayApi("POST", "/api/workflows/slow/runs", { seconds: 20 })).runId;
  await page.evaluate(() => { location.hash = "#workflows/def/console-echo"; });
  await page.waitForSelector("#wf-start-needs-role", WAIT);
  const startForm = await page.$$eval("#wf-start-form", (f) => f.length);
  await page.evaluate((id) => { location.hash = `#workflows/runs/${id}`; }, running);
  await page.waitForSelector('#wf-run-state[data-state="RUNNING"]', WAIT);
  const cancelButton = await page.$$eval("#wf-cancel", (b) => b.length);
  await gatewayApi("POST", `/api/workflow-runs/${running}/cancel`);
  await page.waitForSelector('#wf-run-state[data-state="CANCELLED"]', WAIT);
  print("viewer", { executeDisabled, adminButtons, registerForm, startForm, cancelButton });

  print("csp", { violations: await page.evaluate(() => window.__csp), problems });
} catch (e) {
  print("error", { message: String(e && e.stack || e), problems });
  process.exitCode = 1;
} finally {
  await browser.close();
}

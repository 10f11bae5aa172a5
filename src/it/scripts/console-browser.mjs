// Drives the operator console in a real browser (Debian's Chromium through playwright-core) for ConsoleIT.
// Prints one JSON object per line: {"step": ..., ...}; a failure is {"step": "error", "message": ...} and exit 1.
// usage: node console-browser.mjs <gateway-url> <admin-token> <viewer-token> <foreign-token> <victim-pid> <out-dir>
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [base, adminToken, viewerToken, foreignToken, victimPid, outDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const print = (step, value = {}) => console.log(JSON.stringify({ step, ...value }));
const WAIT = { timeout: 15000 };
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // playwright gives every launch a fresh, temporary profile (--user-data-dir) of its own
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Content-Security-Policy violations and script errors would mean the console breaks its own policy
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && !/status of (401|403|422) /.test(m.text())) problems.push(`console: ${m.text()}`); });

  const tab = async (name) => {
    await page.click(`#tabs a[data-tab="${name}"]`);
    await page.waitForFunction((n) => document.querySelector(`[data-view="${n}"]`)?.isConnected, name, WAIT);
  };
  const shot = (name, fullPage = false) => page.screenshot({ path: `${outDir}/${name}.png`, fullPage });
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
  print("viewer", { executeDisabled, adminButtons: await page.$$eval("#servers-list button", (b) => b.length),
    registerForm: await page.$$eval("#register-form", (f) => f.length) });

  print("csp", { violations: await page.evaluate(() => window.__csp), problems });
} catch (e) {
  print("error", { message: String(e && e.stack || e), problems });
  process.exitCode = 1;
} finally {
  await browser.close();
}

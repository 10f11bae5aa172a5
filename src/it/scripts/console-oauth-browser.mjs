// Signs in to the operator console through a real OpenID provider's login page (oidc-provider, oidc-issuer.mjs) in
// Debian's Chromium, for ConsoleOAuthIT: authorization code with PKCE, then a data tab, then sign-out.
// Prints one JSON object per line: {"step": ..., ...}; a failure is {"step": "error", "message": ...} and exit 1.
// usage: node console-oauth-browser.mjs <gateway-url> <issuer> <login name> <out-dir>
import { consoleContext, launchChromium, recordProblems } from "./console-chromium.mjs";
import { mkdirSync } from "node:fs";

const [base, issuer, login, outDir] = process.argv.slice(2);
const print = (step, value = {}) => console.log(JSON.stringify({ step, ...value }));
const WAIT = { timeout: 20000 };
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();
const problems = [];
try {
  const context = await consoleContext(browser);
  const page = await context.newPage();
  // the issuer's own login page is not the console's to answer for
  recordProblems(page, problems, (m) => !page.url().startsWith(base) || /status of 401 /.test(m.text()));
  const requests = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  const cspViolations = async () => (page.url().startsWith(base) ? page.evaluate(() => window.__csp) : []);

  // -- a forged answer (no sign-in started in this tab) is refused, and the code leaves the address bar
  await page.goto(`${base}/console/?code=forged-code&state=forged-state`);
  await page.waitForFunction(() => /state/.test(document.querySelector("#sign-in-message").textContent), null, WAIT);
  print("forged", { message: await page.textContent("#sign-in-message"), url: page.url() });

  // -- the console offers the issuer next to the pasted token (a fresh load: from /console/ a change of the hash alone
  // would not load the page again)
  await page.goto("about:blank");
  const response = await page.goto(`${base}/console/#servers`);
  await page.waitForSelector("#oauth-button:not([disabled])", WAIT);
  print("offered", { csp: response.headers()["content-security-policy"], hint: await page.textContent("#oauth-hint"),
    pasteStillThere: await page.isVisible("#token") });

  // -- to the issuer's login page and back
  await page.click("#oauth-button");
  await page.waitForURL((u) => u.toString().startsWith(issuer), WAIT);
  const authorize = requests.find((r) => r.startsWith(`GET ${issuer}/auth?`));
  print("authorize", { request: authorize });
  await page.waitForSelector("input[name=login]", WAIT);
  await page.fill("input[name=login]", login);
  await page.fill("input[name=password]", "any password will do");
  await page.click("button.login-submit");
  await page.waitForSelector("button.login-submit", WAIT); // the consent page
  print("consent", { text: (await page.textContent("body")).replace(/\s+/g, " ").trim().slice(0, 300) });
  await page.click("button.login-submit");
  await page.waitForURL((u) => u.toString().startsWith(base), WAIT);
  print("returned", { url: page.url().replace(/code=[^&]+/, "code=...") });

  // -- signed in: the Servers tab (the hash kept through the round trip) renders the gateway's data
  await page.waitForSelector("#tabs:not([hidden])", WAIT);
  await page.waitForFunction(() => document.querySelector('[data-view="servers"]')?.textContent.includes("everything"), null, WAIT);
  await page.screenshot({ path: `${outDir}/console-oauth-servers.png` });
  const storage = await page.evaluate(() => ({
    session: Object.keys(sessionStorage), local: Object.keys(localStorage), cookies: document.cookie,
    token: sessionStorage.getItem("mcp-console-token"),
  }));
  const tokenRequest = requests.find((r) => r.startsWith(`POST ${issuer}/token`));
  print("signed-in", {
    who: await page.textContent("#who"), url: page.url(), session: storage.session, local: storage.local, cookies: storage.cookies,
    token: storage.token, tokenRequest: tokenRequest ?? null, csp: await cspViolations(),
  });

  // -- sign-out forgets the token; the issuer is still offered
  await page.click("#sign-out");
  await page.waitForSelector("#oauth-button:not([disabled])", WAIT);
  print("signed-out", { session: await page.evaluate(() => Object.keys(sessionStorage)), message: await page.textContent("#sign-in-message") });
  print("done", { problems });
} catch (e) {
  print("error", { message: String(e?.stack ?? e), problems, url: (() => { try { return browser.contexts()[0]?.pages()[0]?.url(); } catch { return null; } })() });
  process.exitCode = 1;
} finally {
  await browser.close();
}

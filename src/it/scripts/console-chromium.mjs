// Debian's Chromium as the console's browser tests drive it (playwright-core), shared by console-browser.mjs and
// console-oauth-browser.mjs: a headless launch, browser contexts that record Content-Security-Policy violations
// in window.__csp (a violation would mean the console breaks its own policy), and a page's errors collected.
import { chromium } from "playwright-core";

/** Playwright gives every launch a fresh, temporary profile (--user-data-dir) of its own. */
export const launchChromium = () => chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** A browser context of the tests' window size whose pages keep their CSP violations in window.__csp. */
export const consoleContext = async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return context;
};

/** Collects the page's uncaught errors, and its console errors other than those `expected` accepts, into `problems`. */
export const recordProblems = (page, problems, expected = () => false) => {
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && !expected(m)) problems.push(`console: ${m.text()}`); });
};

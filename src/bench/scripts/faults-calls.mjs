// Tool calls at a steady rate for the fault-injection runs (src/bench/scripts/faults.sh). Each call carries the
// request id <prefix>-<n>, so the audit rows of exactly these calls can be counted. Writes one line per call to
// <out file>: request id, HTTP status (or "conn" when no answer came: the gateway was gone), answered at (epoch ms),
// duration ms, Retry-After; prints a JSON summary.
// usage: node faults-calls.mjs <base url> <token> <tool id> <body json> <count> <calls/s> <prefix> <out file>
import { writeFileSync } from "node:fs";

const [base, token, tool, body, countArg, rateArg, prefix, outFile] = process.argv.slice(2);
const count = Number(countArg);
const interval = 1000 / Number(rateArg);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const lines = [];
const byStatus = {};
const started = Date.now();

const call = async (n) => {
  const id = `${prefix}-${n}`;
  const t0 = Date.now();
  let status = "conn";
  let retryAfter = "";
  try {
    const response = await fetch(`${base}/api/tools/${tool}/execute`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "X-Request-Id": id },
      body,
      signal: AbortSignal.timeout(120_000),
    });
    await response.arrayBuffer();
    status = String(response.status);
    retryAfter = response.headers.get("retry-after") ?? "";
  } catch {
    // no answer: connection refused or reset
  }
  const at = Date.now();
  byStatus[status] = (byStatus[status] ?? 0) + 1;
  lines.push(`${id} ${status} ${at} ${at - t0} ${retryAfter}`);
};

const calls = [];
for (let n = 0; n < count; n++) {
  calls.push(call(n));
  await sleep(Math.max(0, started + (n + 1) * interval - Date.now()));
}
await Promise.all(calls);
writeFileSync(outFile, lines.join("\n") + "\n");
console.log(JSON.stringify({ calls: count, byStatus, seconds: (Date.now() - started) / 1000 }));

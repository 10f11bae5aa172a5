// One MCP session over two gateway instances of a cluster, on the official TypeScript SDK: the session is
// initialized through the first URL and every later request goes alternately to the second and the first, as behind
// a load balancer without session affinity. Prints one JSON object per line: {"step": ..., ...}.
// usage: node mcp-session-sharing.mjs <url1> <url2> <token> <other-principal-token> [tool] [json-arguments] [cancel-after-ms]
//   url1, url2   the same endpoint (e.g. /mcp) on two instances; a token may be "" when authentication is off
//   cancel-after-ms  instead: call the tool, cancel it after that long (the client's notifications/cancelled goes to
//                the other instance than its tools/call), then call echo once more on the same session
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url1, url2, token, otherToken, tool = "everything__echo", toolArguments = '{"message":"across instances"}', cancelAfter] = process.argv.slice(2);
const print = (step, value) => console.log(JSON.stringify({ step, ...value }));
const auth = (t) => (t ? { Authorization: `Bearer ${t}` } : {});

// Which instance each request went to, in order: the first (initialize) to url1, then url2, url1, url2, ...
const requests = [];
let next = 0;
let lastCall;
const alternatingFetch = async (input, init) => {
  const method = (init?.method ?? "GET").toUpperCase();
  let rpc;
  try { rpc = JSON.parse(init?.body ?? "null")?.method; } catch { rpc = undefined; }
  // a cancellation goes to the other instance than the call it cancels
  const target = rpc === "notifications/cancelled" && lastCall ? (lastCall === url1 ? url2 : url1) : next++ % 2 === 0 ? url1 : url2;
  if (rpc === "tools/call") {
    lastCall = target;
  }
  const response = await fetch(target, init);
  requests.push({ method, rpc, instance: target === url1 ? 1 : 2, status: response.status });
  return response;
};

/** One raw JSON-RPC POST with a session id, outside the client, to see what another principal gets. */
const raw = async (url, sessionId, bearer) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Session-Id": sessionId, ...auth(bearer) },
    body: JSON.stringify({ jsonrpc: "2.0", id: 99, method: "tools/list" }),
  });
  await response.body?.cancel();
  return response.status;
};

const transport = new StreamableHTTPClientTransport(new URL(url1), { requestInit: { headers: auth(token) }, fetch: alternatingFetch });
const client = new Client({ name: "mcp-hybrid-session-sharing", version: "1.0.0" });
try {
  await client.connect(transport);
  const sessionId = transport.sessionId;
  print("connected", { sessionId, server: client.getServerVersion() });
  if (cancelAfter) {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort("cancelled by the test"), Number(cancelAfter));
    try {
      await client.callTool({ name: tool, arguments: JSON.parse(toolArguments) }, undefined, { signal: controller.signal });
      print("not-cancelled", {});
    } catch (e) {
      print("cancelled", { message: String(e?.message ?? e), afterMs: Date.now() - started });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    print("result", { result: await client.callTool({ name: "everything__echo", arguments: { message: "after the cancel" } }) });
    print("requests", { requests });
    process.exit(0);
  }
  print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
  print("result", { result: await client.callTool({ name: tool, arguments: JSON.parse(toolArguments) }) });
  print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
  print("other-principal", { status1: await raw(url1, sessionId, otherToken), status2: await raw(url2, sessionId, otherToken) });
  print("owner", { status1: await raw(url1, sessionId, token), status2: await raw(url2, sessionId, token) });
  await transport.terminateSession();
  print("deleted", { status1: await raw(url1, sessionId, token), status2: await raw(url2, sessionId, token) });
  print("requests", { requests });
} catch (e) {
  print("error", { message: String(e?.message ?? e), requests });
} finally {
  await client.close().catch(() => { });
}

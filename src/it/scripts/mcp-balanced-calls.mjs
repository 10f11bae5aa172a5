// The official TypeScript MCP client through a load balancer without session affinity: initialize, list tools,
// then N calls of a tool with distinct arguments on one session. Records which instance answered each request from
// the balancer's X-Gateway-Backend header. Prints one JSON object: {"tools", "results", "backends", "statuses"}
// or {"error"}.
// usage: node mcp-balanced-calls.mjs <url> <token> <calls> [tool]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token, calls = "100", tool = "everything__echo"] = process.argv.slice(2);
const backends = {};
const statuses = {};
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  const backend = response.headers.get("x-gateway-backend") ?? "(none)";
  backends[backend] = (backends[backend] ?? 0) + 1;
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  return response;
};

const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  fetch: recordingFetch,
});
const client = new Client({ name: "mcp-hybrid-balanced-calls", version: "1.0.0" });
try {
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const results = [];
  for (let i = 0; i < Number(calls); i++) {
    const message = `balanced-${i}-${Date.now()}`;
    const result = await client.callTool({ name: tool, arguments: { message } });
    results.push({ expected: message, text: result.content?.[0]?.text ?? null, isError: result.isError ?? false });
  }
  await transport.terminateSession();
  console.log(JSON.stringify({ tools, results, backends, statuses }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e), backends, statuses }));
} finally {
  await client.close().catch(() => { });
}

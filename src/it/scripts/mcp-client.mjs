// An MCP client on the official TypeScript SDK, driven by the integration tests against the gateway's own MCP
// endpoint. Prints one JSON object per line: {"step": ..., ...}.
// usage: node mcp-client.mjs <url> <token> <streamable|sse> <command> [args...]
//   list                         tools, resources and prompts
//   call <tool> <json-arguments> one tools/call
//   watch <seconds>              list tools, then wait for notifications/tools/list_changed and list again
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, token, kind, command, ...args] = process.argv.slice(2);
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const print = (step, value) => console.log(JSON.stringify({ step, ...value }));

const transport = kind === "sse"
  ? new SSEClientTransport(new URL(url), {
      requestInit: { headers },
      eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) },
    })
  : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const client = new Client({ name: "mcp-hybrid-it-client", version: "1.0.0" });

try {
  await client.connect(transport);
  print("connected", { server: client.getServerVersion() });
  if (command === "list") {
    print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
    print("resources", { uris: (await client.listResources()).resources.map((r) => r.uri) });
    print("prompts", { names: (await client.listPrompts()).prompts.map((p) => p.name) });
  } else if (command === "call") {
    try {
      print("result", { result: await client.callTool({ name: args[0], arguments: JSON.parse(args[1] ?? "{}") }) });
    } catch (e) {
      print("error", { code: e.code, message: e.message });
    }
  } else if (command === "watch") {
    print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
    const changed = new Promise((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve(true)));
    print("waiting", {});
    const outcome = await Promise.race([changed, new Promise((r) => setTimeout(() => r(false), Number(args[0] ?? 30) * 1000))]);
    print("list_changed", { received: outcome });
    if (outcome) {
      print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
    }
  }
  await client.close();
} catch (e) {
  print("failed", { message: String(e?.message ?? e), code: e?.code });
  process.exitCode = 1;
}

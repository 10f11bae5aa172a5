// An MCP client that signs itself in, as the MCP specification's authorization section describes, with the official
// TypeScript SDK's own OAuth support: its first request is refused (401), it follows WWW-Authenticate to the gateway's
// protected resource metadata (RFC 9728), reads the authorization server's metadata, gets a token with the client
// credentials grant for the gateway's resource (RFC 8707), and tries again. Prints one JSON object per line:
// every HTTP request it made ({"step":"http", ...}), then what it did.
// usage: node mcp-oauth-client.mjs <mcp url> <issuer> <client id> <client secret> <scope> [tool] [json-arguments]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";

const [url, issuer, clientId, clientSecret, scope, tool, args] = process.argv.slice(2);
const print = (step, value) => console.log(JSON.stringify({ step, ...value }));

const recording = async (input, init) => {
  const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = (init?.method ?? "GET").toUpperCase();
  const response = await fetch(input, init);
  const entry = { method, url: target.toString(), status: response.status };
  if (response.status === 401) entry.wwwAuthenticate = response.headers.get("www-authenticate");
  if (init?.body instanceof URLSearchParams) {
    // the token request: grant and resource, never the secret (it travels in the Authorization header anyway)
    entry.form = { grant_type: init.body.get("grant_type"), resource: init.body.get("resource"), scope: init.body.get("scope") };
  }
  print("http", entry);
  return response;
};

const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer: issuer, scope });
const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recording });
const client = new Client({ name: "mcp-hybrid-it-oauth-client", version: "1.0.0" });
try {
  await client.connect(transport);
  print("connected", { server: client.getServerVersion() });
  print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
  if (tool) {
    try {
      print("result", { result: await client.callTool({ name: tool, arguments: JSON.parse(args ?? "{}") }) });
    } catch (e) {
      print("error", { code: e.code, message: e.message });
    }
  }
} catch (e) {
  print("failed", { message: String(e?.message ?? e), code: e?.code });
  process.exitCode = 1;
} finally {
  await client.close().catch(() => { });
}

// An MCP client on the official TypeScript SDK, driven by the integration tests against the gateway's own MCP
// endpoint. Prints one JSON object per line: {"step": ..., ...}.
// usage: node mcp-client.mjs <url> <token> <streamable|sse> <command> [args...]
//   list                         tools, resources and prompts
//   call <tool> <json-arguments> one tools/call
//   progress <tool> <json-arguments>  one tools/call with a progress token; prints each notifications/progress
//   cancel <tool> <json-arguments> <ms>  one tools/call, cancelled by the client (notifications/cancelled) after ms
//   watch <seconds>              list tools, then wait for notifications/tools/list_changed and, once the server
//                                has gone quiet, list again (streamable only)
//   resources <server>           resource templates; read a listed resource, one made from a template, and one
//                                linked by a tool result (the server's get-resource-links), all through the gateway
//   complete <prompt> <argument> <value> [context-json]  completion/complete for a prompt's argument
//   ask <server>                 a client with sampling and elicitation: calls the server's trigger-sampling-request and
//                                trigger-elicitation-request tools and answers what the server asks through the gateway
//   subscribe <server> <seconds> resources/subscribe to one of the server's resources, start its simulated updates
//                                (its toggle-subscriber-updates tool), print the notifications/resources/updated heard
//   logs <server> <seconds>      logging/setLevel debug, start the server's simulated logging (its
//                                toggle-simulated-logging tool) and print the log messages heard, then stop it
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema }
  from "@modelcontextprotocol/sdk/types.js";

const [url, token, kind, command, ...args] = process.argv.slice(2);
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const print = (step, value) => console.log(JSON.stringify({ step, ...value }));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Settles with the promise, or with `fallback()` after `ms`; the timer never keeps the process alive. */
const within = (promise, ms, fallback) => {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => { try { resolve(fallback()); } catch (e) { reject(e); } }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

// Server-to-client messages (list_changed among them) travel on the listening stream: a GET the transport opens by
// itself after the handshake, without connect() waiting for it. Whatever the server sends before that stream is
// attached is lost (the gateway keeps no backlog), so `watch` waits for the GET to be answered; the gateway answers
// it only once the stream is attached to the session.
let opened;
const listening = new Promise((resolve, reject) => { opened = { resolve, reject }; });
listening.catch(() => { }); // only `watch` waits for it
const watchingFetch = async (input, init) => {
  const response = await fetch(input, init);
  if ((init?.method ?? "GET").toUpperCase() === "GET") {
    if (response.ok) {
      opened.resolve();
    } else {
      opened.reject(new Error(`the listening stream (GET) was refused: HTTP ${response.status}`));
    }
  }
  return response;
};

const transport = kind === "sse"
  ? new SSEClientTransport(new URL(url), {
      requestInit: { headers },
      eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) },
    })
  : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: watchingFetch });
const client = command === "ask"
  ? new Client({ name: "mcp-hybrid-it-client", version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: {} } })
  : new Client({ name: "mcp-hybrid-it-client", version: "1.0.0" });
const asked = [];
if (command === "ask") {
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.push({ method: "sampling/createMessage", text: request.params.messages[0].content.text });
    return { model: "it-model", role: "assistant", content: { type: "text", text: "sampled by the test client" } };
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push({ method: "elicitation/create", text: request.params.message });
    return { action: "accept", content: { name: "Ada Lovelace" } };
  });
}

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
  } else if (command === "progress") {
    const result = await client.callTool({ name: args[0], arguments: JSON.parse(args[1] ?? "{}") }, undefined, {
      onprogress: (p) => print("progress", { progress: p.progress, total: p.total, message: p.message }),
      resetTimeoutOnProgress: true,
    });
    print("result", { result });
  } else if (command === "cancel") {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort("cancelled by the test"), Number(args[2] ?? 1000));
    try {
      print("result", { result: await client.callTool({ name: args[0], arguments: JSON.parse(args[1] ?? "{}") }, undefined,
        { signal: controller.signal }) });
    } catch (e) {
      print("cancelled", { message: String(e?.message ?? e), afterMs: Date.now() - started });
    }
    // stay connected a moment, so the notification reaches the gateway before the session closes
    await sleep(500);
  } else if (command === "resources") {
    const server = args[0];
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    print("templates", { uriTemplates: templates.map((t) => t.uriTemplate) });
    const listed = (await client.listResources()).resources.find((r) => r.uri.startsWith(`mcp-hybrid://${server}/`));
    const read = await client.readResource({ uri: listed.uri });
    print("read", { asked: listed.uri, uris: read.contents.map((c) => c.uri) });
    const template = templates.find((t) => t.uriTemplate.startsWith(`mcp-hybrid://${server}/`) && t.uriTemplate.includes("text"));
    const expanded = template.uriTemplate.replace(/\{[^}]*\}/, "7");
    const fromTemplate = await client.readResource({ uri: expanded });
    print("templated", { asked: expanded, uris: fromTemplate.contents.map((c) => c.uri), text: fromTemplate.contents[0].text });
    const links = await client.callTool({ name: `${server}__get-resource-links`, arguments: { count: 2 } });
    const link = links.content.find((c) => c.type === "resource_link");
    const linked = await client.readResource({ uri: link.uri });
    print("linked", { link: link.uri, uris: linked.contents.map((c) => c.uri) });
    try {
      await client.readResource({ uri: "demo://resource/static/document/1" });
      print("foreign", { refused: false });
    } catch (e) {
      print("foreign", { refused: true, code: e.code, message: e.message });
    }
  } else if (command === "complete") {
    const result = await client.complete({ ref: { type: "ref/prompt", name: args[0] }, argument: { name: args[1], value: args[2] },
      ...(args[3] ? { context: { arguments: JSON.parse(args[3]) } } : {}) });
    print("completion", { values: result.completion.values });
    if (args[3]) {
      const prompt = await client.getPrompt({ name: args[0], arguments: { ...JSON.parse(args[3]), [args[1]]: result.completion.values[0] } });
      print("prompt", { texts: prompt.messages.map((m) => m.content.text) });
    }
  } else if (command === "ask") {
    const sampled = await client.callTool({ name: `${args[0]}__trigger-sampling-request`, arguments: { prompt: "hello", maxTokens: 5 } });
    print("sampled", { text: sampled.content[0].text, isError: sampled.isError ?? false });
    const elicited = await client.callTool({ name: `${args[0]}__trigger-elicitation-request`, arguments: {} });
    print("elicited", { texts: elicited.content.map((c) => c.text), isError: elicited.isError ?? false });
    print("asked", { requests: asked });
  } else if (command === "subscribe") {
    const updates = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
    await within(listening, 10_000, () => { throw new Error("the listening stream (GET) did not open within 10 s"); });
    const uri = (await client.listResources()).resources.find((r) => r.uri.startsWith(`mcp-hybrid://${args[0]}/`)).uri;
    await client.subscribeResource({ uri });
    await client.callTool({ name: `${args[0]}__toggle-subscriber-updates`, arguments: {} });
    await sleep(Number(args[1] ?? 8) * 1000);
    await client.callTool({ name: `${args[0]}__toggle-subscriber-updates`, arguments: {} });
    await client.unsubscribeResource({ uri });
    let foreign;
    try {
      await client.subscribeResource({ uri: "demo://resource/static/document/1" });
      foreign = { refused: false };
    } catch (e) {
      foreign = { refused: true, code: e.code };
    }
    print("updates", { subscribed: uri, uris: updates, foreign });
  } else if (command === "logs") {
    const heard = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => heard.push(n.params));
    await client.setLoggingLevel("debug");
    await client.callTool({ name: `${args[0]}__toggle-simulated-logging`, arguments: {} });
    await sleep(Number(args[1] ?? 10) * 1000);
    await client.callTool({ name: `${args[0]}__toggle-simulated-logging`, arguments: {} });
    print("logs", { count: heard.length, loggers: [...new Set(heard.map((m) => m.logger))], levels: [...new Set(heard.map((m) => m.level))] });
  } else if (command === "watch") {
    await within(listening, 10_000, () => { throw new Error("the listening stream (GET) did not open within 10 s"); });
    print("listening", {});
    print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
    // One change of the gateway's tool set is a burst of notifications, one per tool added or removed, each sent
    // after its own step; a list read at the first one can still hold tools that are on their way out. Like the
    // SDK's own listChanged option (debounceMs), list again only once the notifications have stopped coming.
    const quietMs = 1_000;
    let notifications = 0;
    let last = 0;
    let heard;
    const changed = new Promise((resolve) => { heard = resolve; });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      notifications++;
      last = Date.now();
      heard(true);
    });
    print("waiting", {});
    const received = await within(changed, Number(args[0] ?? 30) * 1000, () => false);
    if (received) {
      while (Date.now() - last < quietMs) {
        await sleep(quietMs - (Date.now() - last));
      }
    }
    print("list_changed", { received, notifications });
    if (received) {
      print("tools", { names: (await client.listTools()).tools.map((t) => t.name) });
    }
  }
} catch (e) {
  print("failed", { message: String(e?.message ?? e), code: e?.code });
  process.exitCode = 1;
} finally {
  // also after a failure: an open listening stream would keep the process, and the test reading its output, waiting
  await client.close().catch(() => { });
}

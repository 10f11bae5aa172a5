// A TCP proxy the integration tests can cut: the gateway-it datasource reaches PostgreSQL through it.
// usage: node tcp-proxy.mjs <listen-port> <target-host> <target-port> <control-port>
// control: POST /cut drops every connection and refuses new ones; POST /blackhole keeps every connection open and
// accepts new ones but passes nothing either way (a server that stops answering); POST /restore lets them through
// again (connections held by the blackhole are closed, so the client opens fresh ones).
import net from 'node:net';
import http from 'node:http';

const [listenPort, targetHost, targetPort, controlPort] = process.argv.slice(2);
const open = new Set();
const pairs = new Set();
const held = new Set();
let cut = false;
let blackhole = false;

const swallow = (socket) => {
  held.add(socket);
  socket.on('data', () => { });
  socket.on('error', () => held.delete(socket)).on('close', () => held.delete(socket));
};

net.createServer((client) => {
  if (cut) {
    client.destroy();
    return;
  }
  if (blackhole) {
    swallow(client);
    return;
  }
  const upstream = net.connect(Number(targetPort), targetHost);
  const pair = { client, upstream };
  open.add(client);
  open.add(upstream);
  pairs.add(pair);
  const close = () => {
    client.destroy();
    upstream.destroy();
    open.delete(client);
    open.delete(upstream);
    pairs.delete(pair);
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
}).listen(Number(listenPort), '127.0.0.1');

http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/cut') {
    cut = true;
    for (const socket of open) socket.destroy();
    open.clear();
  } else if (req.method === 'POST' && req.url === '/blackhole') {
    blackhole = true;
    for (const { client, upstream } of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.on('data', () => { });
      upstream.on('data', () => { });
    }
  } else if (req.method === 'POST' && req.url === '/restore') {
    cut = false;
    if (blackhole) {
      blackhole = false;
      for (const socket of [...open, ...held]) socket.destroy();
    }
  } else if (req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ cut, blackhole, connections: open.size / 2, held: held.size }));
}).listen(Number(controlPort), '127.0.0.1');

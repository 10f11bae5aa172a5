// A TCP proxy the integration tests can cut: the gateway-it datasource reaches PostgreSQL through it.
// usage: node tcp-proxy.mjs <listen-port> <target-host> <target-port> <control-port>
// control: POST /cut drops every connection and refuses new ones; POST /restore lets them through again.
import net from 'node:net';
import http from 'node:http';

const [listenPort, targetHost, targetPort, controlPort] = process.argv.slice(2);
const open = new Set();
let cut = false;

net.createServer((client) => {
  if (cut) {
    client.destroy();
    return;
  }
  const upstream = net.connect(Number(targetPort), targetHost);
  open.add(client);
  open.add(upstream);
  const close = () => {
    client.destroy();
    upstream.destroy();
    open.delete(client);
    open.delete(upstream);
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
  } else if (req.method === 'POST' && req.url === '/restore') {
    cut = false;
  } else if (req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cut, connections: open.size / 2 }));
}).listen(Number(controlPort), '127.0.0.1');

/**
 * The floor: the least any Node proxy does for a stream (read the request
 * body, one keep-alive `node:http` request upstream, pipe the response bytes
 * through). No routing, validation, keep-alives, timeouts, error events or
 * artifacts. The bench measures it in the same run as the gateway, so
 * "added by the gateway" can be read against "added by any Node hop".
 *
 *   node bench/bare-proxy.mjs <competitor-url>
 */
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const server = createServer((req, res) => {
  res.socket.setNoDelay(true);
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      ur => {
        res.writeHead(ur.statusCode, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
        });
        res.flushHeaders();
        ur.on('data', c => res.write(c));
        ur.on('end', () => res.end());
      },
    );
    up.once('socket', s => s.setNoDelay(true));
    res.on('close', () => up.destroy());
    up.end(body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
);
process.on('SIGTERM', () => process.exit(0));

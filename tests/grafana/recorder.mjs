// A stand-in for Grafana's HTTP API that records what it receives (no Grafana can run here):
// GET /api/health answers as Grafana does; POST /api/annotations is recorded (method, path,
// Authorization, Content-Type, body) as one JSON line and answered {"message":
// "Annotation added","id":N}. Anything else is a 404 and recorded too.
//   node recorder.mjs PORT RECORD.jsonl
import http from 'node:http';
import fs from 'node:fs';

const [port, record] = process.argv.slice(2);
let id = 0;
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/api/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"commit":"recorder","database":"ok","version":"11.0.0"}');
      return;
    }
    fs.appendFileSync(record, JSON.stringify({
      method: req.method, path: req.url, authorization: req.headers.authorization ?? null,
      contentType: req.headers['content-type'] ?? null, body,
    }) + '\n');
    if (req.method === 'POST' && req.url === '/api/annotations') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Annotation added', id: ++id }));
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"message":"Not found"}');
    }
  });
}).listen(Number(port), '127.0.0.1');

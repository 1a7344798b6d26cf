// A proxy in front of a collector that misbehaves on cue: answers 503 itself, or passes a request
// on and then drops the connection before the answer gets back (the collector has stored the
// batch; the sender cannot know). Requests with no fault queued pass through.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = '503' | 'drop-after-forwarding';

export interface FaultProxy {
  url: string;
  /** Faults for the next requests, in order. */
  faults: Fault[];
  /** Every request's fate, in order of arrival. */
  log: (Fault | 'pass')[];
  close(): Promise<void>;
}

export async function faultProxy(target: () => string): Promise<FaultProxy> {
  const p: FaultProxy = { url: '', faults: [], log: [], close: () => new Promise((r) => server.close(() => r())) };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fault = p.faults.shift() ?? 'pass';
    p.log.push(fault);
    if (fault === '503') {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"proxy: collector restarting"}');
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'authorization', 'content-encoding']) if (req.headers[h]) headers[h] = String(req.headers[h]);
    try {
      const up = await fetch(`${target()}${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await up.arrayBuffer());
      if (fault === 'drop-after-forwarding') {
        req.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => { if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v; });
      res.writeHead(up.status, out).end(body);
    } catch {
      req.socket.destroy(); // the collector is down: the sender sees a network error, as it would without the proxy
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return p;
}

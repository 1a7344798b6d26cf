// Sends hostile cases to a collector and checks each answer, a few at a time, and the raw-socket
// attacks fetch cannot make (malformed HTTP, slow bodies).
import { connect } from 'node:net';
import type { HostileCase } from './hostile.js';

export interface CaseOutcome {
  c: HostileCase;
  status: number;
  /** Problems with this answer: a 5xx, a 200 that does not account for every event, a leaked secret. */
  problems: string[];
  body: string;
}

export async function sendCase(base: string, c: HostileCase, secrets: string[] = []): Promise<CaseOutcome> {
  let status = 0;
  let body = '';
  const problems: string[] = [];
  try {
    const res = await fetch(base + c.path, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined, signal: AbortSignal.timeout(30_000) });
    status = res.status;
    body = await res.text();
  } catch (e) {
    // The server may cut a connection it refuses (431, oversized URL): that is not a 5xx. A
    // refused connection or a timeout is, because it means the collector is down or stuck.
    const cause = String((e as any)?.cause?.code ?? (e as Error).name);
    if (cause === 'ECONNREFUSED' || cause === 'TimeoutError') problems.push(`no answer: ${cause}`);
    return { c, status: 0, problems, body: cause };
  }
  if (status >= 500) problems.push(`answered ${status}: ${body.slice(0, 200)}`);
  for (const s of secrets) if (body.includes(s)) problems.push('a secret appears in the answer');
  if (status === 200 && c.path.startsWith('/v1/batch') && c.method === 'POST' && c.eventCount !== undefined) {
    try {
      const r = JSON.parse(body);
      if (r.accepted + r.duplicates + r.rejected.length !== c.eventCount) problems.push(`200 accounts for ${r.accepted + r.duplicates + r.rejected.length} of ${c.eventCount} events`);
    } catch {
      problems.push('200 without a JSON body');
    }
  }
  return { c, status, problems, body };
}

export async function sendAll(base: string, cases: HostileCase[], concurrency: number, secrets: string[] = []): Promise<CaseOutcome[]> {
  const out: CaseOutcome[] = new Array(cases.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await sendCase(base, cases[i], secrets);
    }
  }));
  return out;
}

/** Writes raw bytes to the server and returns the status line's code (0 if it just closed). */
export function rawRequest(port: number, bytes: Uint8Array | string, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    const done = () => { s.destroy(); const m = /^HTTP\/1\.[01] (\d{3})/.exec(data); resolve(m ? Number(m[1]) : 0); };
    s.setTimeout(timeoutMs, done);
    s.on('data', (d) => { data += d.toString('latin1'); if (data.includes('\r\n\r\n')) done(); });
    s.on('error', done);
    s.on('close', done);
    s.write(bytes);
    s.end();
  });
}

/** Malformed HTTP requests that fetch refuses to make. */
export function malformedHttp(writeKey: string): (string | Uint8Array)[] {
  const body = JSON.stringify({ v: 1, writeKey, sentAt: new Date().toISOString(), events: [] });
  return [
    'GARBAGE\r\n\r\n',
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789',
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"v":1',
    `POST /v1/batch HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nX-Bad\r\n\r\n',
    `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\u001f\u008b\u0008\u0000`,
    `POST /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`,
    'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /healthz\r\n\r\n',
    new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), // a TLS ClientHello on the plain port
    'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n\u00ff\u00fe\u00fd\u00fc\u00fb',
  ];
}

/**
 * Slowloris, bounded: `n` connections each send a request whose body trickles in one byte every
 * `intervalMs`, for `durationMs`; then they are closed. Resolves with the status codes seen.
 */
export async function slowBodies(port: number, n: number, durationMs: number, intervalMs = 200): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    const head = 'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"v":1,"events":[';
    s.write(head);
    const t = setInterval(() => { if (!s.destroyed) s.write(' '); }, intervalMs);
    const finish = () => { clearInterval(t); s.destroy(); const m = /^HTTP\/1\.[01] (\d{3})/.exec(data); resolve(m ? Number(m[1]) : 0); };
    setTimeout(finish, durationMs);
    s.on('data', (d) => (data += d.toString('latin1')));
    s.on('error', finish);
    s.on('close', finish);
  })));
}

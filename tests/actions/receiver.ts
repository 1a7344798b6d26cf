// A local webhook receiver for the actions tests: verifies every delivery with the
// `standardwebhooks` package (signature and replay window) and answers as each test tells it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  path: string;
  id: string;
  /** The payload, when the signature verified; null when it did not. */
  payload: any;
  verifyError: string | null;
  at: number;
}

/** What the receiver does with a request: answer a status, or hold it open (never answer). */
export type Answer = number | 'hang';

export async function startReceiver(secret: string) {
  const received: Received[] = [];
  const answers = new Map<string, (r: Received) => Answer>();
  const open = new Map<string, number>();
  const maxOpen = new Map<string, number>();
  const held = new Set<ServerResponse>();
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const path = req.url ?? '/';
    let payload: any = null, verifyError: string | null = null;
    try {
      payload = new Webhook(secret).verify(body, req.headers as Record<string, string>);
    } catch (e) {
      verifyError = (e as Error).message;
    }
    const r: Received = { path, id: String(req.headers['webhook-id']), payload, verifyError, at: Date.now() };
    received.push(r);
    const answer = verifyError ? 401 : (answers.get(path)?.(r) ?? 204);
    if (answer === 'hang') {
      open.set(path, (open.get(path) ?? 0) + 1);
      maxOpen.set(path, Math.max(maxOpen.get(path) ?? 0, open.get(path)!));
      held.add(res);
      res.on('close', () => { held.delete(res); open.set(path, open.get(path)! - 1); });
      return;
    }
    res.writeHead(answer).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** How the receiver answers requests to `path` from now on. */
    answer(path: string, fn: (r: Received) => Answer) { answers.set(path, fn); },
    /** The most requests to `path` held open at once. */
    maxOpen: (path: string) => maxOpen.get(path) ?? 0,
    on: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((r) => { for (const res of held) res.destroy(); server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

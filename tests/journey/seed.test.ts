// `npm run seed`: simulated people through the real ingest route, every event stored once (late
// and out-of-order ones included), reproducible from the seed, with the truth written out.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type SeedResult } from '../../collector/src/seed/seed.js';
import { httpSink, type Sink } from '../../collector/src/seed/sinks.js';
import type { StoredEvent } from '../../collector/src/store/store.js';
import type { WireEvent } from '../../wire/index.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NOW = Date.parse('2026-11-01T00:00:00Z');
let c: InProcessCollector;
let result: SeedResult;
const sent: WireEvent[] = [];

beforeAll(async () => {
  c = await serveCollector({ config: { limits: { eventsPerSecond: 1_000_000 } } });
  const http = httpSink(c.url, c.writeKey);
  const recording: Sink = { name: http.name, send: (events) => { sent.push(...events); return http.send(events); } };
  result = await seed({ people: 80, seed: 5 }, recording);
}, 120_000);
afterAll(() => c?.close());

async function stored(): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of c.store.scanEvents()) out.push(e);
  return out;
}

describe('seeding from the simulator', () => {
  it('stores every simulated event exactly once, each belonging to one person', async () => {
    const ids = result.people.flatMap((p) => p.events.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.events).toBe(ids.length);
    expect((await stored()).map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('sends events out of time order, as browsers that were offline do', () => {
    const times = sent.map((e) => Date.parse(e.timestamp));
    expect(times.filter((t, i) => i > 0 && t < times[i - 1]).length).toBeGreaterThan(sent.length / 10);
  });

  it('gives the same people, events and truth for the same seed and "now"', async () => {
    const collect = async (s: number) => {
      const events: WireEvent[] = [];
      const r = await seed({ people: 30, seed: s, now: NOW }, { name: 'memory', send: async (e) => { events.push(...e); } });
      return JSON.stringify([r.people, events]);
    };
    expect(await collect(9)).toBe(await collect(9));
    expect(await collect(9)).not.toBe(await collect(10));
  });

  it('npm run seed sends simulated people and writes their truth with --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'waymark-seed-')), 'truth.json');
    // Not spawnSync: the collector answering the CLI runs in this process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'collector/src/seed/cli.ts', '--people', '12', '--seed', '3', '--url', c.url, '--write-key', c.writeKey, '--out', out], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const r = { status, stderr };
    expect(r.status, r.stderr).toBe(0);
    const truth = JSON.parse(readFileSync(out, 'utf8'));
    expect(truth.people).toHaveLength(12);
    expect(truth.people[0]).toMatchObject({ customerId: expect.any(String), events: expect.any(Array), sessions: expect.any(Array), stageEntries: expect.any(Array) });
    expect(r.stderr).toMatch(/done: \d+ events from 12 people/);
  });
});

// Aggregates computed in worker threads, one range of anonymous ids each, must equal the same
// aggregates computed in one thread: on a real SQLite file and on PostgreSQL, with a seeded
// population whose customers use several devices (so identity groups cross the ranges).
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPass, runPass, type PassSpec } from '../../collector/src/api/journey-pass.js';
import { inRange } from '../../collector/src/store/id-ranges.js';
import { createJourneyService } from '../../collector/src/api/service.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import type { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store, StoredEvent } from '../../collector/src/store/store.js';
import { DEFAULT_STAGE_RULES } from '../../collector/src/journey/index.js';
import { postgresStores } from '../store/postgres-db.js';

interface Subject {
  open(): Promise<Store>;
  /** The same store, pointing its workers at a database that is not there. */
  broken(store: Store): Store;
  /** What a worker that cannot open the database says. */
  failure: RegExp;
  close(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'waymark-parallel-'));
const pgStores = await postgresStores();
const subjects: [string, Subject | string][] = [
  ['SQLite', {
    open: async () => new SqliteStore(join(dir, 'waymark.db')),
    // The workers open the file by name: one that is not there makes them fail at once.
    broken: (store) => Object.create(store, { file: { value: join(dir, 'moved-away.db') } }),
    failure: /journey worker: .*moved-away\.db|unable to open/,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  }],
  ['PostgreSQL', 'skip' in pgStores ? pgStores.skip : {
    open: async () => (await pgStores.fresh()).store,
    broken: (store) => {
      const { connection } = store as PostgresStore;
      const url = new URL(connection.connectionString);
      url.pathname = '/waymark_no_such_database';
      return Object.create(store, { connection: { value: { ...connection, connectionString: url.toString() } } });
    },
    failure: /journey worker: .*waymark_no_such_database/,
    close: async () => { await pgStores.done?.(); },
  }],
];

const opts = { stageRules: DEFAULT_STAGE_RULES, timeoutMinutes: 30, asOf: Date.parse('2027-01-01T00:00:00Z') };
const THREE = { workers: 3, minEvents: 0 };

async function allEvents(store: Store): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.scanEvents()) out.push(e);
  return out;
}

describe.each(subjects)('a journey pass in worker threads on %s', (_store, subject) => {
  if (typeof subject === 'string') {
    it.skip(`runs when the database is available (${subject})`, () => {});
    return;
  }
  let store: Store;
  beforeAll(async () => {
    store = await subject.open();
    await seedVolume({ customers: 600, events: 12_000, seed: 5 }, storeSink(store, 'shop', { trusted: true }));
  }, 120_000);
  afterAll(async () => { await store?.close(); await subject.close(); });

  it('splits the store into ranges that cover every anonymous id once', async () => {
    const plan = await planPass(store, THREE);
    expect(plan?.ranges).toHaveLength(3);
    const r = plan!.ranges;
    expect(r[0].from).toBeNull();
    expect(r[2].to).toBeNull();
    expect(r[0].to).toBe(r[1].from);
    expect(r[1].to).toBe(r[2].from);
    // Balanced within a sample's error: each range holds a fair share of the events.
    const events = await allEvents(store);
    for (const range of r) expect(events.filter((e) => inRange(e.anonymousId, range)).length).toBeGreaterThan(12_000 / 3 / 2);
    // Small stores and single workers stay in this thread.
    expect(await planPass(store, { workers: 3 })).toBeNull();
    expect(await planPass(store, { workers: 1, minEvents: 0 })).toBeNull();
  });

  it('has identity groups that cross the ranges in this population', async () => {
    const r = (await planPass(store, THREE))!.ranges;
    const devices = new Map<string, Set<number>>();
    for (const e of await allEvents(store)) {
      if (e.userId === null) continue;
      const ranges = devices.get(e.userId) ?? new Set();
      ranges.add(r.findIndex((range) => inRange(e.anonymousId, range)));
      devices.set(e.userId, ranges);
    }
    expect([...devices.values()].filter((ranges) => ranges.size > 1).length).toBeGreaterThan(5);
  });

  it.each<[string, PassSpec]>([
    ['the customer list and journey map', { kind: 'overview' }],
    ['a filtered journey map', { kind: 'map', filters: { stageReached: 'purchase', firstChannel: 'organic_search' } }],
    ['page flows', { kind: 'flows', flows: { level: 'page', steps: 6 }, filters: {} }],
    ['a funnel with dropped customers', { kind: 'funnel', funnel: { steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }, { kind: 'stage', value: 'onboarding' }], windowMs: 7 * 86_400_000, maxDroppedIds: 50 }, filters: {} }],
  ])('%s: equal to the one-thread pass', async (_name, spec) => {
    const [parallel, serial] = [await runPass(store, spec, opts, THREE), await runPass(store, spec, opts, { workers: 1 })];
    expect(isDeepStrictEqual(parallel, serial)).toBe(true);
    expect(JSON.stringify(serial)).not.toMatch(/^\{"customers":0/);
  }, 60_000);

  it('serves the service in workers with the same answers', async () => {
    const now = () => opts.asOf;
    const par = createJourneyService({ store, config: { session: { timeoutMinutes: 30 } }, now, parallel: THREE });
    const one = createJourneyService({ store, config: { session: { timeoutMinutes: 30 } }, now, parallel: { workers: 1 } });
    const strip = <T extends { meta: unknown }>({ meta: _m, ...rest }: T) => rest;
    expect(strip(await par.journeyMap())).toEqual(strip(await one.journeyMap()));
    expect(await par.customers({ limit: 20 })).toEqual(await one.customers({ limit: 20 }));
  }, 60_000);

  it('reports a failure in a worker instead of hanging', async () => {
    await expect(runPass(subject.broken(store), { kind: 'overview' }, opts, THREE)).rejects.toThrow(subject.failure);
  });
});

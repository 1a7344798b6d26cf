// Aggregates computed in worker threads, one range of anonymous ids each, must equal the same
// aggregates computed in one thread: on a real SQLite file, with a seeded population whose
// customers use several devices (so identity groups cross the ranges).
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPass, runPass, type PassSpec } from '../../collector/src/api/journey-pass.js';
import { createJourneyService } from '../../collector/src/api/service.js';
import { seed } from '../../collector/src/seed/seed.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { SqliteStore } from '../../collector/src/store/sqlite.js';
import { DEFAULT_STAGE_RULES } from '../../collector/src/journey/index.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-parallel-'));
let store: SqliteStore;
beforeAll(async () => {
  store = new SqliteStore(join(dir, 'waymark.db'));
  await seed({ customers: 600, events: 12_000, seed: 5 }, storeSink(store, 'shop', { trusted: true }));
}, 120_000);
afterAll(async () => { await store?.close(); rmSync(dir, { recursive: true, force: true }); });

const opts = { stageRules: DEFAULT_STAGE_RULES, timeoutMinutes: 30, asOf: Date.parse('2027-01-01T00:00:00Z') };
const THREE = { workers: 3, minEvents: 0 };

describe('a journey pass in worker threads', () => {
  it('splits the store into ranges that cover every anonymous id once', () => {
    const plan = planPass(store, THREE);
    expect(plan?.ranges).toHaveLength(3);
    const r = plan!.ranges;
    expect(r[0].from).toBeNull();
    expect(r[2].to).toBeNull();
    expect(r[0].to).toBe(r[1].from);
    expect(r[1].to).toBe(r[2].from);
    // Balanced within a sample's error: each range holds a fair share of the events.
    for (const { from, to } of r) {
      const n = (store.db.prepare(`SELECT count(*) AS n FROM events WHERE (@from IS NULL OR anonymous_id >= @from) AND (@to IS NULL OR anonymous_id < @to)`).get({ from, to }) as { n: number }).n;
      expect(n).toBeGreaterThan(12_000 / 3 / 2);
    }
    // Small stores and single workers stay in this thread.
    expect(planPass(store, { workers: 3 })).toBeNull();
    expect(planPass(store, { workers: 1, minEvents: 0 })).toBeNull();
  });

  it('has identity groups that cross the ranges in this population', async () => {
    const r = planPass(store, THREE)!.ranges;
    const rangeOf = (a: string) => r.findIndex(({ from, to }) => (from === null || a >= from) && (to === null || a < to));
    const devices = store.db.prepare('SELECT user_id AS u, group_concat(DISTINCT anonymous_id) AS anons FROM events WHERE user_id IS NOT NULL GROUP BY user_id').all() as { u: string; anons: string }[];
    const crossing = devices.filter((d) => new Set(d.anons.split(',').map(rangeOf)).size > 1);
    expect(crossing.length).toBeGreaterThan(5);
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
    // The workers open the file by name: one that is not there makes them fail at once.
    const elsewhere = Object.create(store, { file: { value: join(dir, 'moved-away.db') } }) as SqliteStore;
    await expect(runPass(elsewhere, { kind: 'overview' }, opts, THREE)).rejects.toThrow(/journey worker: .*moved-away\.db|unable to open/);
  });
});

// The claims thread builds exactly what the collector's thread would from the same store, and
// once the thread is gone building goes on in the caller's thread.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { storeSink } from '../seed/sinks.js';
import { simulate } from '../simulate/index.js';
import { sqliteStores } from '../store/sqlite/test-stores.js';
import { startClaimsThread } from './claims-thread.js';
import { groupStates, type BuildGroups } from './rebuild.js';

const stores = sqliteStores();
afterAll(() => stores.done?.());
const OPTS = { timeoutMinutes: 30 };

it('builds in its thread what the caller would build, and falls back once the thread is gone', async () => {
  const { store } = await stores.fresh();
  const now = Date.UTC(2026, 2, 1);
  const people = [...simulate({ people: 40, seed: 3, now, days: 30 })];
  await storeSink(store, 'shop', { trusted: true }).send(people.flatMap((p) => p.events.map((e) => e.event)));
  const anons = [...new Set(people.flatMap((p) => p.events.map((e) => e.event.anonymousId as string)))];
  const seeds = anons.filter((_, i) => i % 3 === 0);
  let fallbacks = 0;
  const here: BuildGroups = (s, j) => { fallbacks++; return groupStates(store.journeys, OPTS, s, j); };
  const thread = startClaimsThread(store.readerSource(), OPTS, here)!;
  expect(thread).not.toBeNull();

  const expected = await groupStates(store.journeys, OPTS, seeds, true);
  expect(expected.write.length).toBeGreaterThan(5);
  expect(await thread.build(seeds, true)).toEqual(expected);
  expect(await thread.build(seeds, false)).toEqual({ ...expected, journeys: undefined });
  expect(fallbacks).toBe(0);
  // Background work: on Linux the thread runs at a lower priority than the rest of the process.
  if (process.platform === 'linux') expect(niceValues()).toContain(10);
  expect(niceValues()[0]).toBe(0);

  await thread.stop();
  expect(await thread.build(seeds, true)).toEqual(expected);
  expect(fallbacks).toBe(1);
  await store.close();
});

/** The nice value of each thread of this process, the main thread first (Linux: /proc/self/task). */
function niceValues(): number[] {
  if (process.platform !== 'linux') return [0];
  return readdirSync('/proc/self/task').sort((a, b) => Number(a) - Number(b)).map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

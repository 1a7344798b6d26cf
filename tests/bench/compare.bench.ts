// A compare view from journey states: the last 30 days against the 30 before, stage by stage
// (conversion, median time, emotion, pain point rates, with Newcombe and bootstrap intervals).
// Budget: over 10M events (about 500k customers) it answers in ≤ 2 s from the journey state.
//
// States come from a real pass: a seeded population on a SQLite file, its states rebuilt and
// read back as the read side holds them (in memory). They are then cloned, each copy shifted by a
// whole number of days, up to the number of customers asked for: the fold's cost depends on how
// many states and how many units each side has, not on whose they are. Timed: `compareSides` over
// every state (what ReadService.compare folds on a cache miss), and the read service's compare on
// the seeded store itself (mirror included).
//
//   npm run bench -- compare [--customers 500000] [--events 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareSides, filtersSide } from '../../collector/src/compare/compare-sides.js';
import { compareStages } from '../../collector/src/compare/compare.js';
import { createStateSampler } from '../../collector/src/compare/state-sample.js';
import type { JourneyState } from '../../collector/src/journey/journey-state.js';
import { createReadService } from '../../collector/src/read/service.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { rebuildByScan } from '../../collector/src/state/full-rebuild.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { customers: { type: 'string' }, events: { type: 'string' } } });
const CUSTOMERS = Number(values.customers ?? 500_000);
const EVENTS = Number(values.events ?? 100_000);
const DAY = 86_400_000;
const END = Math.floor(Date.now() / DAY) * DAY;
const OPTS = { timeoutMinutes: 30 };
const BUDGET_MS = 2000;

const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
async function time<T>(f: () => T | Promise<T>): Promise<[T, number]> { const t = performance.now(); const r = await f(); return [r, performance.now() - t]; }

/** A copy of a state, `shift` days later, under another id (its counts are shared: the fold only reads them). */
function shifted(s: JourneyState, id: string, shift: number): JourneyState {
  const ms = shift * DAY;
  const iso = (v: string) => (v ? new Date(Date.parse(v) + ms).toISOString() : v);
  return {
    ...s, customerId: id, firstSeen: iso(s.firstSeen), lastSeen: iso(s.lastSeen),
    stages: s.stages.map((e) => ({ ...e, enteredAt: e.enteredAt + ms })), days: s.days.map((d) => d + shift),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-compare-'));
const store = new SqliteStore(join(dir, 'compare.db'));
try {
  // Seeded over 8 weeks ending today: both 30-day periods hold customers.
  const [, seedMs] = await time(() => seedVolume({ customers: Math.max(1, Math.floor(EVENTS / 20)), events: EVENTS, seed: 21, end: END - DAY, weeks: 8 }, storeSink(store, 'shop', { trusted: true })));
  await store.states.markAll();
  const [{ customers }, rebuildMs] = await time(() => rebuildByScan(store, OPTS, 'bench', 60_000));
  console.log(`seeded ${EVENTS.toLocaleString('en-US')} events in ${(seedMs / 1000).toFixed(1)} s; ${customers.toLocaleString('en-US')} states rebuilt in ${(rebuildMs / 1000).toFixed(1)} s`);

  const a = filtersSide({ from: END - 30 * DAY, to: END });
  const b = filtersSide({ from: END - 60 * DAY, to: END - 30 * DAY });

  const read = createReadService({ config: { stages: undefined, session: { timeoutMinutes: 30 } }, store, states: true, settleMs: 0 });
  const [first, firstMs] = await time(() => read.compare(a, b));
  const [, againMs] = await time(() => read.compare(a, b));
  console.log(`read service on ${customers.toLocaleString('en-US')} customers: first compare ${firstMs.toFixed(0)} ms (states loaded into memory included), cached ${againMs.toFixed(1)} ms; ${first.cells} cells, ${first.stages.reduce((n, s) => n + [s.conversion, s.medianTime, ...s.painPoints].filter((c) => c?.flagged).length, 0)} flagged`);

  const base = (await read.journeyStates())!;
  const states: JourneyState[] = [];
  for (let i = 0; states.length < CUSTOMERS; i++) {
    const s = base[i % base.length];
    // Copies spread over ±10 days: they fall in either period, or across the boundary, as real customers do.
    states.push(i < base.length ? s : shifted(s, `${s.customerId}~${i}`, (i % 21) - 10));
  }
  const perPeriod = (f: typeof a) => states.reduce((n, s) => n + (f.test(s) ? 1 : 0), 0);
  console.log(`${states.length.toLocaleString('en-US')} states (≈ ${(states.length * EVENTS / Math.max(1, customers) / 1e6).toFixed(1)}M events at this population's ${(EVENTS / Math.max(1, customers)).toFixed(0)} events a customer); A ${perPeriod(a).toLocaleString('en-US')}, B ${perPeriod(b).toLocaleString('en-US')} customers; RSS ${rssMb()} MB`);

  // The two parts: sampling the states (linear in states) and the intervals (bootstraps capped at BOOTSTRAP_UNITS a group).
  const [samples, sampleMs] = await time(() => {
    const [sa, sb] = [createStateSampler(END), createStateSampler(END)];
    for (const s of states) { if (a.test(s)) sa.add(s); if (b.test(s)) sb.add(s); }
    return [sa.result(), sb.result()];
  });
  const [, intervalMs] = await time(() => compareStages(samples[0], samples[1]));
  console.log(`of which: sampling the states ${sampleMs.toFixed(0)} ms, intervals ${intervalMs.toFixed(0)} ms`);
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) runs.push((await time(() => compareSides(states, a.test, b.test, { asOf: END })))[1]);
  const best = Math.min(...runs);
  console.log(`compare fold over ${states.length.toLocaleString('en-US')} states: ${runs.map((r) => `${r.toFixed(0)} ms`).join(', ')} (best ${best.toFixed(0)} ms; budget ≤ ${BUDGET_MS} ms at 500k customers)`);
  // Sampling grows with the states; the intervals hardly do (their bootstraps stop growing at BOOTSTRAP_UNITS a group).
  const at500k = best + sampleMs * (500_000 / states.length - 1);
  console.log(`compare over 10M events (500k customers): ${states.length >= 500_000 ? `${best.toFixed(0)} ms measured` : `≈ ${at500k.toFixed(0)} ms extrapolated (sampling linear, intervals as measured) from ${states.length.toLocaleString('en-US')}`} (${(states.length >= 500_000 ? best : at500k) <= BUDGET_MS ? 'within' : 'over'} budget)`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

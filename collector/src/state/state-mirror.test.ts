// Loading the states into memory: every one of them, never holding the event loop while it
// runs, and following later changes with the customer list's order and the map kept current.
import { expect, it } from 'vitest';
import type { Stage } from '../../../wire/schema.js';
import { foldJourneyMap, type JourneyState } from '../journey/journey-state.js';
import type { JourneyStateStore } from '../store/store.js';
import { stateMirror } from './state-mirror.js';

const T0 = Date.UTC(2026, 2, 1);

function state(customerId: string, stage: Stage = 'awareness'): JourneyState {
  return {
    customerId, anonymousIds: [customerId], userIds: [], traits: {}, currentStage: stage, furthestStage: stage,
    stages: [{ stage, enteredAt: T0, touchpoints: 1, offsets: [0] }], firstSeen: new Date(T0).toISOString(), lastSeen: new Date(T0).toISOString(),
    sessions: 1, touchpoints: 1, painPoints: 0, firstTouch: null, siteIds: ['shop'], channels: ['direct'], days: [Math.floor(T0 / 86_400_000)],
    perStage: { [stage]: { touchpoints: { '/': 1 }, offSite: {}, actions: {}, channels: ['direct'], explicit: [0, 0], inferred: [0, 0], painPoints: {} } },
    events: [], visited: ['https://shop.example/'], surveyScore: null,
  };
}

/** A store of states answering at once (as SQLite does); `write` and `remove` make a new seq. */
function statesStore() {
  let seq = 0;
  const rows: { seq: number; id: number; state: string; customerId: string }[] = [];
  const removals: { seq: number; id: number }[] = [];
  return {
    write(states: JourneyState[]) {
      seq++;
      for (const s of states) {
        const old = rows.findIndex((r) => r.customerId === s.customerId);
        const id = old >= 0 ? rows[old].id : rows.length + removals.length + 1;
        if (old >= 0) rows.splice(old, 1);
        rows.push({ seq, id, state: JSON.stringify(s), customerId: s.customerId });
      }
    },
    remove(customerId: string) {
      seq++;
      const k = rows.findIndex((r) => r.customerId === customerId);
      removals.push({ seq, id: rows[k].id });
      rows.splice(k, 1);
    },
    store: {
      seq: async () => seq,
      removed: async (after: number, upTo: number) => removals.filter((r) => r.seq > after && r.seq <= upTo).map((r) => r.id),
      changed: async (after: { seq: number; id: number }, upTo: number, limit: number) =>
        rows.filter((r) => r.seq <= upTo && (r.seq > after.seq || (r.seq === after.seq && r.id > after.id)))
          .sort((a, b) => a.seq - b.seq || a.id - b.id).slice(0, limit),
    } as unknown as JourneyStateStore,
  };
}

it('loads every state, and lets other work run between pages', async () => {
  const s = statesStore();
  const ids = Array.from({ length: 12_000 }, (_, i) => `c${i + 1}`);
  s.write(ids.map((id) => state(id)));
  const mirror = stateMirror(s.store);
  let turns = 0;
  const tick = () => { turns++; if (turns < 1000) setImmediate(tick); };
  setImmediate(tick);
  const view = await mirror.view();
  expect(view.seq).toBe(1);
  expect(view.states.map((x) => x.customerId)).toEqual([...ids].sort());
  // Three pages of 5,000: the other work had its turns while they loaded.
  expect(turns).toBeGreaterThanOrEqual(2);
});

it('follows changes and erasures: the list stays in customer order and the map equals a fold of what is left', async () => {
  const s = statesStore();
  s.write(['m', 'b', 'x', 'd'].map((id) => state(id)));
  const mirror = stateMirror(s.store);
  expect((await mirror.view()).states.map((x) => x.customerId)).toEqual(['b', 'd', 'm', 'x']);
  s.write([state('d', 'purchase'), state('a'), state('z', 'consideration')]);
  s.remove('m');
  s.write([state('d', 'retention')]); // changed twice before the next look
  const view = await mirror.view();
  expect(view.states.map((x) => `${x.customerId}:${x.currentStage}`)).toEqual(['a:awareness', 'b:awareness', 'd:retention', 'x:awareness', 'z:consideration']);
  for (const asOf of [undefined, T0 + 40 * 86_400_000]) expect(view.map(asOf)).toEqual(foldJourneyMap(view.states, asOf));
  expect(view.map().customers).toBe(5);
});

it('follows on its own once asked to, so a first read finds the states loaded', async () => {
  const s = statesStore();
  s.write([state('a')]);
  let reads = 0;
  const counting = { ...s.store, changed: async (...a: Parameters<JourneyStateStore['changed']>) => { reads++; return s.store.changed(...a); } } as JourneyStateStore;
  const mirror = stateMirror(counting);
  const stop = mirror.follow(10);
  await new Promise((r) => setTimeout(r, 50));
  s.write([state('b')]);
  await new Promise((r) => setTimeout(r, 200));
  const before = reads;
  expect(before).toBeGreaterThanOrEqual(2); // the load, then b
  expect((await mirror.view()).states.map((x) => x.customerId)).toEqual(['a', 'b']);
  expect(reads).toBe(before); // nothing left to read
  stop();
});

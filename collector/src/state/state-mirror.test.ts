// Loading the states into memory: every one of them, and never holding the event loop while it runs.
import { expect, it } from 'vitest';
import type { JourneyStateStore } from '../store/store.js';
import { stateMirror } from './state-mirror.js';

/** A store of `n` states answering at once (as SQLite does), all written at seq 1. */
function statesStore(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ seq: 1, id: i + 1, state: JSON.stringify({ customerId: `c${i + 1}` }) }));
  return {
    seq: async () => 1,
    removed: async () => [],
    changed: async (after: { seq: number; id: number }, upTo: number, limit: number) =>
      rows.filter((r) => r.seq <= upTo && (r.seq > after.seq || (r.seq === after.seq && r.id > after.id))).slice(0, limit),
  } as unknown as JourneyStateStore;
}

it('loads every state, and lets other work run between pages', async () => {
  const mirror = stateMirror(statesStore(12_000));
  let turns = 0;
  const tick = () => { turns++; if (turns < 1000) setImmediate(tick); };
  setImmediate(tick);
  const view = await mirror.view();
  expect(view.seq).toBe(1);
  expect(view.states.map((s) => s.customerId)).toEqual(Array.from({ length: 12_000 }, (_, i) => `c${i + 1}`));
  // Three pages of 5,000: the other work had its turns while they loaded.
  expect(turns).toBeGreaterThanOrEqual(2);
});

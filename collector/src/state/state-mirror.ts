// The journey states in memory, for the read side: loaded once, then followed by sequence
// number (only states changed or removed since the last look are read). Folding them is what
// answers the overview, the map, stage flows and stage funnels (journey/journey-state.ts).
import type { JourneyState } from '../journey/journey-state.js';
import type { JourneyStateStore } from '../store/store.js';

const PAGE = 5000;
/** Above any row id: "everything of this seq". */
const LAST_ID = Number.MAX_SAFE_INTEGER;

export interface StateView { seq: number; states: JourneyState[] }

export interface StateMirror {
  /** The states as of the newest committed seq. */
  view(): Promise<StateView>;
}

export function stateMirror(store: JourneyStateStore): StateMirror {
  const byId = new Map<number, JourneyState>();
  let seq = 0;
  let list: JourneyState[] | null = null;
  let running: Promise<void> = Promise.resolve();

  async function catchUp() {
    const upTo = await store.seq();
    if (upTo === seq) return;
    for (const id of await store.removed(seq, upTo)) byId.delete(id);
    let after = { seq, id: LAST_ID };
    for (;;) {
      const page = await store.changed(after, upTo, PAGE);
      for (const r of page) byId.set(r.id, JSON.parse(r.state) as JourneyState);
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { seq: last.seq, id: last.id };
      // SQLite answers synchronously: without a macrotask turn between pages the first load
      // (500,000 states: ~30 s) would hold every other request, ingest included, until it ended.
      await new Promise((r) => setImmediate(r));
    }
    seq = upTo;
    list = null;
  }

  return {
    async view() {
      // One catch-up at a time; a caller arriving meanwhile waits for it and then looks again.
      running = running.then(catchUp, catchUp);
      await running;
      list ??= [...byId.values()];
      return { seq, states: list };
    },
  };
}

// The journey states in memory, for the read side: loaded once, then followed by sequence
// number (only states changed or removed since the last look are read). Folding them is what
// answers filtered maps, stage flows and stage funnels (journey/journey-state.ts); maps and
// funnels read parts of each state packed as it is loaded. The customer list and the unfiltered
// journey map are kept up to date as states change, so reading them costs nothing like a fold
// over every customer.
import { byCustomerId, stageTimeline, type JourneyState } from '../journey/journey-state.js';
import { createMapLabels, createMapTally, mapPart, type MapPart } from '../journey/map-tally.js';
import type { JourneyMapResult } from '../journey/types.js';
import type { JourneyStateStore } from '../store/store.js';

const PAGE = 5000;
/** Above any row id: "everything of this seq". */
const LAST_ID = Number.MAX_SAFE_INTEGER;

export interface StateView {
  seq: number;
  /** Every state, ordered by customer id: the customer list's order. */
  states: readonly JourneyState[];
  /** The journey map of every state (drop-off as of `asOf`), as of the newest catch-up. */
  map(asOf?: number): JourneyMapResult;
  /** The journey map of some of the states (those that pass a filter): foldJourneyMap, from their parts packed at load. */
  mapOf(states: Iterable<JourneyState>, asOf?: number): JourneyMapResult;
  /** A state's stageTimeline, packed at load: what stage funnels read (foldStageFunnel). */
  timelineOf(state: JourneyState): readonly number[];
}

export interface StateMirror {
  /** The states as of the newest committed seq. */
  view(): Promise<StateView>;
  /** Loads the states now and catches up every `everyMs` from then on, so a first read finds them ready; returns the stop. */
  follow(everyMs: number): () => void;
}

/** `sorted` without the states in `gone`, with `added` merged in: one linear pass, whatever the number of changes. */
function merged(sorted: readonly JourneyState[], gone: Set<JourneyState>, added: JourneyState[]): JourneyState[] {
  added.sort(byCustomerId);
  const out: JourneyState[] = [];
  let k = 0;
  for (const s of sorted) {
    if (gone.has(s)) continue;
    while (k < added.length && byCustomerId(added[k], s) < 0) out.push(added[k++]);
    out.push(s);
  }
  while (k < added.length) out.push(added[k++]);
  return out;
}

export function stateMirror(store: JourneyStateStore): StateMirror {
  const byId = new Map<number, JourneyState>();
  const labels = createMapLabels();
  const tally = createMapTally(labels);
  /** Each state's part of the journey map and its stage timeline, packed as it is loaded. */
  const parts = new WeakMap<JourneyState, { map: MapPart; timeline: number[] }>();
  let seq = 0;
  let sorted: readonly JourneyState[] = [];
  let running: Promise<void> = Promise.resolve();

  async function catchUp() {
    const upTo = await store.seq();
    if (upTo === seq) return;
    const gone = new Set<JourneyState>();
    const added: JourneyState[] = [];
    const drop = (id: number) => {
      const old = byId.get(id);
      if (!old) return;
      byId.delete(id);
      tally.remove(parts.get(old)!.map);
      gone.add(old);
    };
    for (const id of await store.removed(seq, upTo)) drop(id);
    let after = { seq, id: LAST_ID };
    for (;;) {
      const page = await store.changed(after, upTo, PAGE);
      for (const r of page) {
        drop(r.id);
        const s = JSON.parse(r.state) as JourneyState;
        const part = mapPart(s, labels);
        byId.set(r.id, s);
        parts.set(s, { map: part, timeline: stageTimeline(s) });
        tally.add(part);
        added.push(s);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { seq: last.seq, id: last.id };
      // SQLite answers synchronously: without a macrotask turn between pages the first load
      // (500,000 states: ~30 s) would hold every other request, ingest included, until it ended.
      await new Promise((r) => setImmediate(r));
    }
    // A state changed twice within one catch-up is in `added` twice: only the one kept counts.
    sorted = merged(sorted, gone, added.filter((s) => !gone.has(s)));
    seq = upTo;
  }

  const view = async (): Promise<StateView> => {
    // One catch-up at a time; a caller arriving meanwhile waits for it and then looks again.
    running = running.then(catchUp, catchUp);
    await running;
    return {
      seq, states: sorted,
      map: (asOf) => tally.result(asOf),
      mapOf(states, asOf) {
        const some = createMapTally(labels);
        for (const s of states) some.add(parts.get(s)?.map ?? mapPart(s, labels));
        return some.result(asOf);
      },
      timelineOf: (s) => parts.get(s)?.timeline ?? stageTimeline(s),
    };
  };

  return {
    view,
    follow(everyMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const next = () => {
        if (stopped) return;
        timer = setTimeout(() => void view().catch(() => {}).then(next), everyMs);
        timer.unref?.();
      };
      void view().catch(() => {}).then(next);
      return () => { stopped = true; clearTimeout(timer); };
    },
  };
}

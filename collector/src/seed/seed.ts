// Seeds a collector with simulated people (collector/src/simulate/): their events go to a sink
// (the real ingest route, or a store through the same normalisation) in the order a collector
// receives them — late deliveries last, interleaved across people — and their truth comes back.
import { arrivalOrder, simulate, type PersonTruth } from '../simulate/index.js';
import { LIMITS, type WireEvent } from '../../../wire/schema.js';
import { seededRandom, type Random } from './random.js';
import type { Sink } from './sinks.js';

export interface SeedProgress { customers: number; events: number }

export interface SeedOptions {
  people: number;
  seed?: number;
  /** "Now" of the simulation (ms): every event happens before it. Default: the clock, minus a minute. */
  now?: number;
  /** How far back first visits go (365 by default). */
  days?: number;
}

export interface SeedResult {
  options: Required<SeedOptions>;
  events: number;
  /** Each simulated person's truth, bots included (`bot: true`). */
  people: PersonTruth[];
}

/** How many events are mixed before sending: arrival order is shuffled within this window. */
const WINDOW = 5 * LIMITS.eventsPerBatch;
const IN_FLIGHT = 4;

/** Sends groups of events in batches, shuffled within a window, a few batches in flight. */
export async function sendShuffled(groups: Iterable<WireEvent[]>, sink: Sink, r: Random, onSent: (events: number) => void): Promise<number> {
  let pool: WireEvent[] = [];
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const sendBatch = async (events: WireEvent[]) => {
    const p = sink.send(events).then(() => {
      inFlight.delete(p);
      sent += events.length;
      onSent(sent);
    });
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  const drain = async (all: boolean) => {
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    while (pool.length >= LIMITS.eventsPerBatch || (all && pool.length)) await sendBatch(pool.splice(0, LIMITS.eventsPerBatch));
  };
  for (const g of groups) {
    pool.push(...g);
    if (pool.length >= WINDOW) await drain(false);
  }
  await drain(true);
  await Promise.all(inFlight);
  return sent;
}

/** `onSimulated` hears the number of events once the simulation is done, before any is sent. */
export async function seed(opts: SeedOptions, sink: Sink, onProgress: (p: SeedProgress) => void = () => {}, onSimulated: (events: number) => void = () => {}): Promise<SeedResult> {
  const options = { people: opts.people, seed: opts.seed ?? 1, now: opts.now ?? Date.now() - 60_000, days: opts.days ?? 365 };
  const people: PersonTruth[] = [];
  const emitted = [];
  for (const p of simulate(options)) {
    people.push(p.truth);
    emitted.push(...p.events);
  }
  // Arrival order over the whole population: a device that was offline delivers days late.
  const ordered = arrivalOrder(emitted, options.seed);
  onSimulated(ordered.length);
  function* batches(): Generator<WireEvent[]> {
    for (let i = 0; i < ordered.length; i += LIMITS.eventsPerBatch) yield ordered.slice(i, i + LIMITS.eventsPerBatch);
  }
  const events = await sendShuffled(batches(), sink, seededRandom(options.seed ^ 0x5eed), (n) => onProgress({ customers: people.length, events: n }));
  return { options, events, people };
}

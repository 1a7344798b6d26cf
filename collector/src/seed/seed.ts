// Generates a population and feeds it to a sink in shuffled batches, so events arrive out of
// order and interleaved across customers, as they do from real browsers.
import { LIMITS, type WireEvent } from '../wire.js';
import { population, type CustomerTruth, type PopulationOptions } from './population.js';
import { seededRandom } from './random.js';
import type { Sink } from './sinks.js';

export interface SeedProgress { customers: number; events: number }

export interface SeedResult {
  options: PopulationOptions & { seed: number; end: number };
  events: number;
  customers: CustomerTruth[];
}

/** How many events are mixed before sending: arrival order is shuffled within this window. */
const WINDOW = 5 * LIMITS.eventsPerBatch;
const IN_FLIGHT = 4;

export async function seed(opts: PopulationOptions, sink: Sink, onProgress: (p: SeedProgress) => void = () => {}): Promise<SeedResult> {
  const options = { ...opts, seed: opts.seed ?? 1, end: opts.end ?? Date.now() - 60 * 60 * 1000 };
  const shuffle = seededRandom(options.seed ^ 0x5eed);
  const customers: CustomerTruth[] = [];
  let pool: WireEvent[] = [];
  let sent = 0;
  const inFlight = new Set<Promise<void>>();

  const sendBatch = async (events: WireEvent[]) => {
    const p = sink.send(events).then(() => {
      inFlight.delete(p);
      sent += events.length;
      onProgress({ customers: customers.length, events: sent });
    });
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  const drain = async (all: boolean) => {
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    while (pool.length >= LIMITS.eventsPerBatch || (all && pool.length)) await sendBatch(pool.splice(0, LIMITS.eventsPerBatch));
  };

  for (const c of population(options)) {
    customers.push(c.truth);
    pool.push(...c.events);
    if (pool.length >= WINDOW) await drain(false);
  }
  await drain(true);
  await Promise.all(inFlight);
  return { options, events: sent, customers };
}

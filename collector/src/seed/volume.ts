// Volume for benchmarks and load tests: a population with a fixed number of customers and events
// (population.ts), fed to a sink in shuffled batches. Its truth follows the page rules it was
// built from, so it is not for judging reconstruction: `seed()` (the journey simulator) is.
import type { WireEvent } from '../../../wire/schema.js';
import { population, type CustomerTruth, type PopulationOptions } from './population.js';
import { seededRandom } from './random.js';
import { sendShuffled, type SeedProgress } from './seed.js';
import type { Sink } from './sinks.js';

export interface VolumeResult {
  options: PopulationOptions & { seed: number; end: number };
  events: number;
  customers: CustomerTruth[];
}

export async function seedVolume(opts: PopulationOptions, sink: Sink, onProgress: (p: SeedProgress) => void = () => {}): Promise<VolumeResult> {
  const options = { ...opts, seed: opts.seed ?? 1, end: opts.end ?? Date.now() - 60 * 60 * 1000 };
  const customers: CustomerTruth[] = [];
  function* events(): Generator<WireEvent[]> {
    for (const c of population(options)) {
      customers.push(c.truth);
      yield c.events;
    }
  }
  const sent = await sendShuffled(events(), sink, seededRandom(options.seed ^ 0x5eed), (n) => onProgress({ customers: customers.length, events: n }));
  return { options, events: sent, customers };
}

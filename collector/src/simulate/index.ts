// The journey simulator: a population of agents whose events are the wire events the SDK would
// send, and whose truth is what each agent decided — never what the collector's rules say.
// Pure and seeded: the same options give the same events, ids and truth. It does not import
// anything from collector/src/journey/. Some of what people do never reaches the collector
// (NOISE: blocked SDK, declined consent, lost beacons): `events` is what arrives, `lost` the rest,
// and the truth judges arrived events by the stage the agent truly lived. Loss is drawn from its
// own random stream, so the agents decide exactly as they would without it.
//
//   for (const p of simulate({ people: 2000, seed: 1, now })) { p.events; p.lost; p.truth; }
//   arrivalOrder(events, seed): the order the collector receives them (late and out of order)
import { seededRandom } from '../seed/random.js';
import type { ServerEvent, WireEvent } from '../../../wire/schema.js';
import { simulatePerson, type SharedDevice } from './agent.js';
import { simulateBot } from './bots.js';
import type { Device } from './devices.js';
import type { Emitted } from './emit.js';
import { NOISE, observe } from './noise.js';
import type { Persuasion } from './persuasion.js';
import { drawPropensity, type Propensity, type PropensityOptions } from './propensity.js';
import { personTruth, type PersonTruth } from './truth.js';

export { NOISE } from './noise.js';
export { persuasion, PERSUASION_PAGES, type Persuasion, type Exposure } from './persuasion.js';
export type { PersonTruth, TruePainPoint } from './truth.js';
export type { Emitted } from './emit.js';
export type { LossKind } from './noise.js';
export type { Propensity, PropensityOptions } from './propensity.js';

const DAY = 86_400_000;

export interface SimulationOptions {
  people: number;
  seed?: number;
  /** "Now" (ms): no event happens at or after it; drop-off is judged against it. */
  now: number;
  /** How far back first visits go; 365 days by default (long enough for lapses). */
  days?: number;
  /** The chance that a first order fails at payment and the person gives up (0 by default). */
  checkoutFailure?: number;
  /** Touchpoints with a known effect on buying (persuasion.ts); none by default. */
  persuasion?: Persuasion;
  /** Give each person traits that show in what they do and move their odds (propensity.ts); none by default. */
  propensity?: PropensityOptions;
}

export interface SimulatedPerson {
  truth: PersonTruth;
  /** The events that reach the collector, in time order. */
  events: Emitted[];
  /** The events the person did that never reach it (each with why), in time order. */
  lost: Emitted[];
  /** The person's traits, when the simulation gave them. */
  propensity?: Propensity;
}

export function* simulate(o: SimulationOptions): Generator<SimulatedPerson> {
  const r = seededRandom(o.seed ?? 1);
  const loss = seededRandom((o.seed ?? 1) ^ 0x1055);
  const offSite = seededRandom((o.seed ?? 1) ^ 0x0ff5);
  const traits = seededRandom((o.seed ?? 1) ^ 0x7a17);
  const days = o.days ?? 365;
  /** Browsers of signed-in customers whose owner is done with them, for a newcomer to share. */
  const pool: { device: Device; userId: string }[] = [];
  for (let i = 0; i < o.people; i++) {
    const start = o.now - r.next() * days * DAY;
    if (r.chance(NOISE.bots)) {
      const events = simulateBot(r, start, o.now);
      yield { events, lost: [], truth: personTruth(events, { bot: true, userId: null, firstChannel: 'direct', now: o.now, sharedDevice: false, inherentlyAmbiguous: false }) };
      continue;
    }
    let shared: SharedDevice | null = null;
    let first = start;
    if (pool.length && r.chance(NOISE.sharedDevice)) {
      const { device } = pool.splice(r.int(0, pool.length - 1), 1)[0];
      const at = device.lastUsed + r.int(1, 10) * DAY;
      if (at < o.now - DAY) {
        const reset = !r.chance(NOISE.sharedWithoutReset);
        shared = { device, reset, browsesFirst: !reset && r.chance(NOISE.sharedBrowsesFirst) };
        first = at;
      }
    }
    const propensity = o.propensity ? drawPropensity(traits, o.propensity) : undefined;
    const p = simulatePerson({ r, index: i, start: first, now: o.now, shared, observation: observe(loss), offSite, checkoutFailure: o.checkoutFailure, persuasion: o.persuasion, propensity });
    if (p.events.length === 0) continue;
    const truth = personTruth(p.events, {
      bot: false, userId: p.userId, firstChannel: p.firstChannel, now: o.now,
      sharedDevice: shared !== null, inherentlyAmbiguous: !!shared?.browsesFirst,
    });
    if (p.userId && p.devices[0].userId === p.userId) {
      pool.push({ device: p.devices[0], userId: p.userId });
      if (pool.length > 50) pool.shift();
    }
    yield { events: p.events.filter((e) => !e.lost), lost: p.events.filter((e) => e.lost), truth, ...(propensity ? { propensity } : {}) };
  }
}

/**
 * The order events reach the collector: by delivery time (a device that was offline delivers a
 * visit hours or days late), then shuffled within windows of `window` events, as concurrent
 * browsers interleave.
 */
export function arrivalOrder(events: Emitted[], seed: number, window = 500): (WireEvent | ServerEvent)[] {
  const r = seededRandom(seed ^ 0xa77e);
  const sorted = [...events].sort((a, b) => a.deliverAt - b.deliverAt);
  for (let s = 0; s < sorted.length; s += window) {
    for (let i = Math.min(sorted.length, s + window) - 1; i > s; i--) {
      const j = s + Math.floor(r.next() * (i - s + 1));
      [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
    }
  }
  return sorted.map((e) => e.event);
}

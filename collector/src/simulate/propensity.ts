// Propensities: what makes one simulated person more likely than another to buy, to go on and to
// leave. Each person draws hidden traits (prone to frustration, in a good or bad mood, the kind who
// writes to support), and the traits show in what they do — more rage clicks, dead clicks and
// errors; lower or higher survey answers; support tickets — while moving the odds of every
// decision to go on (become interested, buy, onboard, refer, come back) and of every decision to
// stop (leave the product, cancel). This is the ground truth a churn or next-stage model is judged
// against: it is written here from these traits, never from any model's rules.
//
// Drawn from the person's own stream: the agent's stream draws exactly what it draws without
// propensities, so a population simulated without them is unchanged.
import type { Random } from '../seed/random.js';

export interface PropensityOptions {
  /** How strongly the traits move the odds (log-odds per unit of trait); 1 by default, 0 for none. */
  strength?: number;
}

export interface Propensity {
  /** Multiplies the chance of a rage click, dead click and error on each page. */
  frustration: number;
  /** Moves each survey answer along its scale (−0.5 .. +0.5 of the scale). */
  mood: number;
  /** Multiplies the chance of a support ticket after a customer's visit. */
  support: number;
  /** Multiplies how often surveys are answered (people with a strong feeling answer more). */
  surveys: number;
  /** Log-odds added to each decision to go on, and taken from each decision to stop. */
  engagement: number;
}

/** Nobody's traits: the agent's own odds. */
export const NO_PROPENSITY: Propensity = { frustration: 1, mood: 0, support: 1, surveys: 1, engagement: 0 };

/**
 * One person's traits. Frustration-prone people (a third) meet 2–6× the frustrations, and are less
 * engaged; mood is spread evenly, its sign the sign of its effect; a quarter are the kind who write
 * to support, and are more engaged (helped customers stay). A hidden part of engagement shows in
 * nothing, so no model can be perfect.
 */
export function drawPropensity(r: Random, o: PropensityOptions = {}): Propensity {
  const strength = o.strength ?? 1;
  const prone = r.chance(1 / 3);
  const frustration = prone ? 2 + r.next() * 4 : 1;
  const mood = r.next() - 0.5;
  const writes = r.chance(0.25);
  const hidden = (r.next() + r.next() + r.next() - 1.5) * 0.8;
  const engagement = strength * ((prone ? -1.2 - 0.25 * (frustration - 2) : 0) + 3 * mood + (writes ? 1.2 : 0) + hidden);
  return { frustration, mood, support: writes ? 6 : 0.3, surveys: 1 + 4 * Math.abs(mood), engagement };
}

/**
 * The person at the end of a visit: each frustration or negative answer in it (`pains`) makes
 * them likelier to stop, a support contact that helped (`helped`) less likely. A bad day weighs
 * on the next decision more than a person's disposition does. Nobody's traits stay nobody's.
 */
export function afterVisit(who: Propensity, o: { pains: number; helped: boolean }): Propensity {
  if (who === NO_PROPENSITY) return who;
  return { ...who, engagement: who.engagement - 2.5 * o.pains + (o.helped ? 3 : 0) };
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** The chance `p` of a decision to go on, moved by the person's engagement. */
export function goOn(p: number, who: Propensity): number {
  return who.engagement === 0 || p <= 0 || p >= 1 ? p : logistic(logit(p) + who.engagement);
}

/** The chance `p` of a decision to stop, moved against the person's engagement. */
export function quit(p: number, who: Propensity): number {
  return goOn(p, { ...who, engagement: -who.engagement });
}

/** A survey answer's position on its scale (0..1), moved by the person's mood. */
export function surveyPosition(u: number, who: Propensity): number {
  return Math.min(1, Math.max(0, u + who.mood));
}

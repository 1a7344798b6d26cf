// Touchpoints with a known effect, for judging attribution: pages an evaluating shopper may read
// (reviews, a fit guide, a video), some of which truly raise the chance of buying in that visit
// and some of which do nothing. Which page does what is drawn from the seed; the agent reads each
// page with the same chance, so exposure tells nothing and only the effect separates them.
// Its draws come from its own stream, so the agent's other choices are made as they would be.
import { seededRandom, type Random } from '../seed/random.js';

export const PERSUASION_PAGES = [
  '/reviews', '/guides/fit-finder', '/videos/how-its-made', '/stories/ultra-runners', '/guarantee',
  '/blog/shoe-tech', '/athletes', '/faq', '/materials', '/community',
] as const;

/** The true effects handed out: half the pages persuade (by these chances), half do nothing. */
const EFFECTS = [0.5, 0.4, 0.3, 0.2, 0.1, 0, 0, 0, 0, 0];

export interface PersuasionOptions {
  /** The chance an evaluating visit reads each page; 0.2 by default. */
  exposure?: number;
  seed?: number;
}

export interface Persuasion {
  /** The truth: each page's chance of turning a visit that would not buy into one that buys. */
  effects: Record<string, number>;
  /** One evaluating visit: reads some pages (through `read`, in random order); true when persuaded to buy. */
  visit(read: (path: string) => void): boolean;
}

export function persuasion(o: PersuasionOptions = {}): Persuasion {
  const r: Random = seededRandom((o.seed ?? 1) ^ 0x9e75);
  const shuffled = [...EFFECTS];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const effects = Object.fromEntries(PERSUASION_PAGES.map((p, i) => [p, shuffled[i]]));
  const exposure = o.exposure ?? 0.2;
  return {
    effects,
    visit(read) {
      const seen = PERSUASION_PAGES.filter(() => r.chance(exposure));
      for (let i = seen.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [seen[i], seen[j]] = [seen[j], seen[i]];
      }
      let persuaded = false;
      for (const p of seen) {
        read(p);
        if (r.chance(effects[p])) persuaded = true;
      }
      return persuaded;
    },
  };
}

// Touchpoints with a known effect, for judging attribution: pages an evaluating shopper may read
// (reviews, a fit guide, a video), some of which truly raise the chance of buying in that visit
// and some of which do nothing. By default every page is read with the same chance, so only the
// effect separates them; with `exposure: 'varied'` some are read far more often than others, how
// often drawn apart from what they do: a popular page that changes nothing is where crediting
// reach instead of effect goes wrong. Which page does what (and how often it is read) is drawn
// from the seed. Its draws come from its own stream, so the agent's other choices
// are made as they would be.
import { seededRandom, type Random } from '../seed/random.js';

export const PERSUASION_PAGES = [
  '/reviews', '/guides/fit-finder', '/videos/how-its-made', '/stories/ultra-runners', '/guarantee',
  '/blog/shoe-tech', '/athletes', '/faq', '/materials', '/community',
] as const;

/** The true effects handed out: half the pages persuade (by these chances), half do nothing. */
const EFFECTS = [0.5, 0.4, 0.3, 0.2, 0.1, 0, 0, 0, 0, 0];
/** How often an evaluating visit reads a page: the same for all, or varied (handed out apart from the effects). */
const EQUAL_EXPOSURE = 0.2;
const VARIED_EXPOSURES = [0.4, 0.4, 0.3, 0.3, 0.2, 0.2, 0.15, 0.15, 0.1, 0.1];

export type Exposure = 'equal' | 'varied';

export interface PersuasionOptions {
  seed?: number;
  /** 'equal' by default. */
  exposure?: Exposure;
}

export interface Persuasion {
  /** The truth: each page's chance of turning a visit that would not buy into one that buys. */
  effects: Record<string, number>;
  /** Each page's chance of being read in an evaluating visit. */
  exposures: Record<string, number>;
  /** One evaluating visit: reads some pages (through `read`, in random order); true when persuaded to buy. */
  visit(read: (path: string) => void): boolean;
}

export function persuasion(o: PersuasionOptions = {}): Persuasion {
  const r: Random = seededRandom((o.seed ?? 1) ^ 0x9e75);
  const shuffle = <T,>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const effects = Object.fromEntries(shuffle(EFFECTS).map((e, i) => [PERSUASION_PAGES[i], e]));
  const exposures = Object.fromEntries(o.exposure === 'varied'
    ? shuffle(VARIED_EXPOSURES).map((e, i) => [PERSUASION_PAGES[i], e])
    : PERSUASION_PAGES.map((p) => [p, EQUAL_EXPOSURE]));
  return {
    effects,
    exposures,
    visit(read) {
      const seen = shuffle(PERSUASION_PAGES.filter((p) => r.chance(exposures[p])));
      let persuaded = false;
      for (const p of seen) {
        read(p);
        if (r.chance(effects[p])) persuaded = true;
      }
      return persuaded;
    },
  };
}

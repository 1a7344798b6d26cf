// Crawlers and headless browsers that run the SDK: bursts of page views, no sign-in, no purchase.
import type { Random } from '../seed/random.js';
import { BOT_DEVICES, newDevice } from './devices.js';
import { openVisit, type Emitted } from './emit.js';
import { PAGES, pageMeaning } from './vocabulary.js';

export function simulateBot(r: Random, start: number, now: number): Emitted[] {
  const device = newDevice(r, BOT_DEVICES);
  const out: Emitted[] = [];
  let t = start;
  for (let visit = 0, visits = r.int(1, 3); visit < visits && t < now; visit++) {
    const w = openVisit({ r, device, start: t, session: visit, arrival: { channel: 'direct', referrer: '' }, deliveryDelay: 0, out });
    let last = '';
    for (let n = r.int(4, 25); n > 0; n--) {
      const category = r.pick(['none', 'unknown', 'consideration', 'consideration', 'purchase', 'retention'] as const);
      const path = r.pick(PAGES[category] as readonly string[]);
      if (path === last) continue;
      w.page(path, pageMeaning(category));
      last = path;
    }
    t = w.now() + r.int(1, 30) * 86_400_000;
  }
  return out.filter((e) => e.at < now);
}

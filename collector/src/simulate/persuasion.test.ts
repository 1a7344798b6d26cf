import { describe, expect, it } from 'vitest';
import { persuasion, PERSUASION_PAGES } from './persuasion.js';
import { simulate } from './index.js';

describe('persuasion pages', () => {
  it('hand out five effects and five pages that do nothing, the same for the same seed', () => {
    const a = persuasion({ seed: 4 });
    expect(Object.values(a.effects).sort()).toEqual([0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(persuasion({ seed: 4 }).effects).toEqual(a.effects);
    expect(persuasion({ seed: 5 }).effects).not.toEqual(a.effects);
  });

  it('read every page with the same chance by default; varied exposure is drawn apart from the effects', () => {
    expect(new Set(Object.values(persuasion({ seed: 1 }).exposures))).toEqual(new Set([0.2]));
    const v = persuasion({ seed: 1, exposure: 'varied' });
    expect(Object.values(v.exposures).sort()).toEqual([0.1, 0.1, 0.15, 0.15, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4]);
    expect(persuasion({ seed: 1, exposure: 'varied' }).effects).toEqual(persuasion({ seed: 1 }).effects);
  });

  it('a visit reads pages at about their exposure and is persuaded only by pages with an effect', () => {
    const p = persuasion({ seed: 2 });
    const reads = new Map<string, number>();
    let persuadedWithoutEffect = 0;
    for (let i = 0; i < 5000; i++) {
      const seen: string[] = [];
      const persuaded = p.visit((page) => { seen.push(page); reads.set(page, (reads.get(page) ?? 0) + 1); });
      if (persuaded && seen.every((s) => p.effects[s] === 0)) persuadedWithoutEffect++;
    }
    expect(persuadedWithoutEffect).toBe(0);
    for (const page of PERSUASION_PAGES) expect(Math.abs(reads.get(page)! / 5000 - 0.2)).toBeLessThan(0.03);
  });

  it('the simulator emits the pages only when asked to', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const paths = (o: object) => [...simulate({ people: 150, seed: 3, now, ...o })].flatMap((s) => s.events.map((e) => e.event.context?.path ?? ''));
    expect(paths({}).filter((p) => (PERSUASION_PAGES as readonly string[]).includes(p))).toEqual([]);
    expect(paths({ persuasion: persuasion({ seed: 3 }) }).filter((p) => (PERSUASION_PAGES as readonly string[]).includes(p)).length).toBeGreaterThan(20);
  });
});

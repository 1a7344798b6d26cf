// Page exit over real localStorage (happy-dom): two keyValue stores over it are two pages of a site.
// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../wire';
import { answered, health, hide, settled, spilled, unspill } from './page-exit';
import { keyValue } from './storage';

const ev = (n: number): WireEvent => ({ id: `0000000${n}-0000-7000-8000-000000000000`, type: 'track', name: `e${n}`, anonymousId: 'a', sessionId: 's', timestamp: '2026-01-01T00:00:00.000Z', context: {} });
const page = () => keyValue({ durable: true });
const T = 1_000_000;

/** Hides a page whose collector last answered `ago` ms before; returns what the beacon carried and hide's answer. */
function hideAfter(ago: number | null, unsaved: WireEvent[], saving: WireEvent[] = [], accept = true) {
  const kv = page();
  if (ago !== null) health(kv, true, () => {}, () => {}, T - ago);
  const beaconed: WireEvent[][] = [];
  const sent = hide(kv, (events) => (beaconed.push(events), accept), unsaved, saving, T);
  return { kv, beaconed, sent };
}

describe('page exit', () => {
  beforeEach(() => localStorage.clear());

  it('sends unsaved events by beacon when the collector answered within a minute, and spills only the writes in flight', () => {
    const { beaconed, sent } = hideAfter(59_000, [ev(1), ev(2)], [ev(3)]);
    expect(sent).toBe(true);
    expect(beaconed).toEqual([[ev(1), ev(2)]]);
    expect(spilled(page())).toEqual([ev(3)]);
  });

  it.each([
    ['the collector has not answered yet', null, true],
    ['its last answer is over a minute old', 61_000, true],
    ['the browser refuses the beacon', 1_000, false],
  ])('spills everything for the next page when %s', (_case, ago, accept) => {
    const { sent } = hideAfter(ago as number | null, [ev(1)], [ev(2)], accept as boolean);
    expect(sent).toBe(false);
    expect(spilled(page()).map((e) => e.name)).toEqual(['e2', 'e1']);
  });

  it('sends no beacon for nothing', () => {
    const { beaconed, sent } = hideAfter(1_000, [], [ev(1)]);
    expect([beaconed, sent]).toEqual([[], false]);
  });

  it('adds to what earlier pages spilled rather than replacing it', () => {
    hideAfter(null, [ev(1)]);
    hideAfter(null, [ev(2)]);
    expect(spilled(page()).map((e) => e.name)).toEqual(['e1', 'e2']);
  });

  it('confirms a beacon by an answer within 10 s on a later page, and sends it again otherwise', () => {
    hideAfter(1_000, [ev(1)]);
    const confirmed: string[][] = [];
    const again: WireEvent[][] = [];
    health(page(), true, (ids) => confirmed.push(ids), (events) => again.push(events), T + 9_000);
    expect([confirmed, again]).toEqual([[[ev(1).id]], []]);
    // Noted once: a second answer confirms nothing more.
    health(page(), true, (ids) => confirmed.push(ids), (events) => again.push(events), T + 9_500);
    expect(confirmed.length).toBe(1);

    hideAfter(1_000, [ev(2)]);
    health(page(), true, (ids) => confirmed.push(ids), (events) => again.push(events), T + 11_000);
    expect(again).toEqual([[ev(2)]]);
  });

  it('sends a beacon again when the next request finds the collector down, and tries no beacon until it answers', () => {
    hideAfter(1_000, [ev(1)]);
    const again: WireEvent[][] = [];
    health(page(), false, () => {}, (events) => again.push(events), T + 1_000);
    expect(again).toEqual([[ev(1)]]);
    const kv = page();
    expect(hide(kv, () => true, [ev(2)], [], T + 2_000)).toBe(false);
  });

  it.each([
    ['accepted', true],
    ['duplicate', true],
    ['rejected', true],
    ['failed', false],
  ] as const)('takes %s events out of the spill; remembers them as answered: %s', (status, remembered) => {
    hideAfter(null, [ev(1), ev(2)]);
    settled(page(), [ev(1).id], status);
    expect(spilled(page())).toEqual([ev(2)]);
    expect(answered(page()).has(ev(1).id)).toBe(remembered);
  });

  it.each(['queued', 'sent'] as const)('keeps %s events in the spill', (status) => {
    hideAfter(null, [ev(1)]);
    settled(page(), [ev(1).id], status);
    expect(spilled(page())).toEqual([ev(1)]);
    expect(answered(page()).size).toBe(0);
  });

  it('empties the spill once its events are in the outbox', () => {
    hideAfter(null, [ev(1)]);
    unspill(page(), [ev(1).id]);
    expect(localStorage.getItem('waymark_spill')).toBeNull();
  });

  it('remembers the last 500 answered ids or so, not every id ever', () => {
    const kv = page();
    const ids = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(8, '0')}-0000-7000-8000-000000000000`);
    for (let i = 0; i < ids.length; i += 100) settled(kv, ids.slice(i, i + 100), 'accepted');
    const kept = answered(page());
    // Every id of the last batches, though the cut falls inside an earlier id.
    expect(ids.slice(1500).every((id) => kept.has(id))).toBe(true);
    expect(ids.slice(0, 1499).some((id) => kept.has(id))).toBe(false);
  });
});

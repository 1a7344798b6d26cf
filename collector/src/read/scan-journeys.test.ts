// Scanning by ranges of anonymous ids (what parallel passes do) must build each customer exactly
// once, with all of their events, whichever range their anonymous ids fall in.
import { describe, expect, it } from 'vitest';
import { ev, T0, DAY } from '../journey/test-events.js';
import { compareIds, inRange, type AnonRange } from '../store/id-ranges.js';
import type { IdentityLink, JourneyReader, JourneyRow } from '../store/store.js';
import { scanJourneys } from './scan-journeys.js';

/** A reader over an array, ordered as the stores order it. */
function source(rows: JourneyRow[]): JourneyReader {
  const sorted = [...rows].sort((a, b) => compareIds(a.anonymousId, b.anonymousId) || a.at - b.at);
  const links: IdentityLink[] = [];
  for (const r of rows) {
    if (r.userId) links.push({ anonymousId: r.anonymousId, userId: r.userId, previousId: null });
    if (r.type === 'alias') links.push({ anonymousId: r.anonymousId, userId: r.userId!, previousId: r.previousId ?? null });
  }
  return {
    identityLinks: async () => links,
    async *rows(range, skip) { for (const r of sorted) if ((!range || inRange(r.anonymousId, range)) && !skip?.has(r.anonymousId)) yield r; },
    rowsOf: async (ids) => sorted.filter((r) => ids.anonymousIds.includes(r.anonymousId) || (r.userId !== null && ids.userIds.includes(r.userId))),
    identitiesOf: async () => { throw new Error('not used by a scan'); },
  };
}

const row = (min: number, f: Parameters<typeof ev>[1]): JourneyRow => ({ ...ev(min, f), traits: null });

// Anonymous ids spread over three ranges: [.., 'h'), ['h', 'q'), ['q', ..).
const rows: JourneyRow[] = [
  // Alone, one per range.
  row(0, { anonymousId: 'b-alone', path: '/' }),
  row(0, { anonymousId: 'k-alone', path: '/pricing' }),
  row(0, { anonymousId: 'x-alone', path: '/blog' }),
  // One user on three devices, one per range: the group's owner (ownerOf) is c-phone, in the first range.
  row(1, { anonymousId: 'c-phone', path: '/' }),
  row(2, { anonymousId: 'c-phone', type: 'identify', userId: 'u-ann' }),
  row(3, { anonymousId: 'm-laptop', userId: 'u-ann', path: '/checkout' }),
  row(4, { anonymousId: 'y-tablet', userId: 'u-ann', name: 'order_completed', url: null }),
  // A user whose devices are both in the last range.
  row(1, { anonymousId: 'r-one', type: 'identify', userId: 'u-ben' }),
  row(2, { anonymousId: 's-two', userId: 'u-ben', path: '/pricing' }),
  // An alias from an id that has no events ('a-ghost', first range) to one in the middle range:
  // the owner is a-ghost, so the group belongs to the first range, which has none of its events.
  row(1, { anonymousId: 'n-real', path: '/' }),
  row(2, { anonymousId: 'n-real', type: 'alias', userId: 'u-cat', previousId: 'a-ghost' }),
  // Non-ASCII ids sort by UTF-8 bytes, as SQLite does: '\u{1F600}' comes after '\uFFFD'. The
  // owner is the later one: cut between them, the second range reads the group, the first one's events included.
  row(0, { anonymousId: 'z-\uFFFD', path: '/' }),
  row(1, { anonymousId: 'z-\u{1F600}', type: 'identify', userId: 'u-dan' }),
  row(2, { anonymousId: 'z-\uFFFD', userId: 'u-dan', path: '/pricing' }),
];

const summary = (js: { journey: { customerId: string; touchpoints: { id: string }[] } }[]) =>
  js.map(({ journey: j }) => `${j.customerId}: ${j.touchpoints.map((t) => t.id).sort().join(' ')}`).sort();

async function collect(src: JourneyReader, range?: AnonRange) {
  const out = [];
  for await (const s of scanJourneys(src, { asOf: T0 + DAY }, range)) out.push(s);
  return out;
}

describe('scanJourneys by ranges of anonymous ids', () => {
  it.each<[string, (string | null)[]]>([
    ['one range', []],
    ['two ranges', ['n']],
    ['three ranges', ['h', 'q']],
    ['a cut between the two non-ASCII ids', ['z-\uFFFE']],
    ['a cut on an id of a group', ['m-laptop', 'y-tablet']],
    ['many small ranges', ['b', 'c', 'd', 'm', 'n', 'r', 's', 'y', 'z']],
  ])('%s: every customer once, with all events', async (_name, cuts) => {
    const src = source(rows);
    const whole = summary(await collect(src));
    const bounds = [null, ...cuts];
    const parts = [];
    for (let i = 0; i < bounds.length; i++) parts.push(...await collect(src, { from: bounds[i], to: cuts[i] ?? null }));
    expect(summary(parts)).toEqual(whole);
    // Three lone visitors, and ann (three devices), ben, cat (alias) and dan, each in one journey.
    expect(whole).toEqual([
      'b-alone: e0001', 'k-alone: e0002', 'u-ann: e0004 e0005 e0006 e0007', 'u-ben: e0008 e0009',
      'u-cat: e0010 e0011', 'u-dan: e0012 e0013 e0014', 'x-alone: e0003',
    ]);
  });
});

describe('the ranges share the groups that span them', () => {
  it('builds about half of the two-device users that span a cut in each range', async () => {
    // 400 users, each with one device before the cut ('m') and one after, ids as a counter gives them.
    const many: JourneyRow[] = [];
    for (let u = 0; u < 400; u++) {
      const id = String(u).padStart(3, '0');
      many.push(row(1, { anonymousId: `a-${id}`, type: 'identify', userId: `u-${id}` }));
      many.push(row(2, { anonymousId: `z-${id}`, userId: `u-${id}`, path: '/pricing' }));
    }
    const src = source(many);
    const first = await collect(src, { from: null, to: 'm' });
    const second = await collect(src, { from: 'm', to: null });
    expect(first.length + second.length).toBe(400);
    // Owned by the smaller id, every one of them would be built by the first range.
    expect(first.length).toBeGreaterThan(140);
    expect(second.length).toBeGreaterThan(140);
    expect(summary([...first, ...second])).toEqual(summary(await collect(src)));
  });
});

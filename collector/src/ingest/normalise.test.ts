import { describe, expect, it } from 'vitest';
import { correctedTime, normaliseBatch } from './normalise.js';

const t = (iso: string) => Date.parse(iso);

describe('correctedTime', () => {
  it.each([
    ['a correct client clock keeps the event time', '2026-01-01T10:00:00Z', '2026-01-01T10:00:05Z', '2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z'],
    ['a clock 1 h fast is moved back by an hour', '2026-01-01T11:00:00Z', '2026-01-01T11:00:05Z', '2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z'],
    ['a clock 3 days slow is moved forward', '2025-12-29T10:00:00Z', '2025-12-29T10:00:05Z', '2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z'],
    ['an event queued offline for 2 h keeps its age', '2026-01-01T08:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T08:00:00Z'],
    ['an event stamped 1 h after sending stays 1 h ahead (under the 23 h clamp)', '2026-01-01T11:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'],
    ['an event stamped a day after sending is clamped to receipt', '2026-01-02T11:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z'],
  ])('%s', (_name, timestamp, sentAt, received, expected) => {
    expect(new Date(correctedTime(timestamp, sentAt, t(received))).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('normaliseBatch', () => {
  const good = { id: '0190a3b4-0000-7000-8000-000000000001', type: 'page', anonymousId: 'a', sessionId: 's', timestamp: '2026-01-01T10:00:00Z', context: {} };

  it('keeps valid events as received and quarantines the rest with reasons', async () => {
    const n = await normaliseBatch('shop', '2026-01-01T10:00:00Z', [good, { ...good, id: 'nope' }, 42], t('2026-01-01T10:00:00Z'));
    expect(n.events.map((e) => e.id)).toEqual([good.id]);
    expect(n.events[0].event).toBe(good);
    expect(n.rejected).toEqual([
      { index: 1, id: 'nope', errors: [expect.stringMatching(/^id: must be a UUID/)] },
      { index: 2, id: null, errors: [expect.any(String)] },
    ]);
    expect(n.quarantined.map((q) => [q.index, q.raw])).toEqual([[1, JSON.stringify({ ...good, id: 'nope' })], [2, '42']]);
  });

  it('rejects an event over 32 KB with its size', async () => {
    const big = { ...good, properties: { blob: 'x'.repeat(33 * 1024) } };
    const n = await normaliseBatch('shop', '2026-01-01T10:00:00Z', [big], 0);
    expect(n.rejected[0].errors[0]).toMatch(/^event is \d+ bytes; the limit is 32768$/);
  });

  it.each([
    ['a track without a name', { type: 'track' }, 'name: a track event needs a name'],
    ['an identify without a userId', { type: 'identify' }, 'userId: an identify event needs a userId'],
    ['a survey with an unknown instrument', { type: 'survey', properties: { surveyId: 'x', instrument: 'stars' } }, 'properties.instrument'],
    ['a timestamp that is not ISO-8601', { timestamp: 'yesterday' }, 'timestamp: must be an ISO-8601'],
  ])('explains %s', async (_n, over, message) => {
    const n = await normaliseBatch('shop', '2026-01-01T10:00:00Z', [{ ...good, ...over }], 0);
    expect(n.rejected[0].errors.join('\n')).toContain(message);
  });

  it('lowercases ids so one event sent in two spellings is one event', async () => {
    const n = await normaliseBatch('shop', '2026-01-01T10:00:00Z', [{ ...good, id: good.id.toUpperCase() }], 0);
    expect(n.events[0].id).toBe(good.id);
  });

  it.each([
    ['a crawler', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ['bot']],
    ['a headless browser', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36', ['bot']],
    ['a person\'s browser', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', []],
  ])('flags bot traffic by its user agent: %s', async (_n, userAgent, flags) => {
    const n = await normaliseBatch('shop', '2026-01-01T10:00:00Z', [{ ...good, context: { userAgent } }], 0);
    expect(n.events[0].flags).toEqual(flags);
  });
});

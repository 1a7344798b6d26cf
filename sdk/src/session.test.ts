// Session rules, table-driven: inactivity and campaigns start sessions; the landing page's UTM and referrer stay.
import { describe, expect, it } from 'vitest';
import { nextSession, utmOf } from './session';

describe('session rules', () => {
  const T = 30 * 60_000;
  let n = 0;
  const newId = () => `s${++n}`;
  it.each([
    ['no session yet starts one', null, 1000, {}, true],
    ['activity within the timeout continues it', { id: 'old', last: 0 }, T - 1, {}, false],
    ['30 minutes of inactivity ends it', { id: 'old', last: 0 }, T + 1, {}, true],
    ['a new campaign starts a new one', { id: 'old', last: 0, utm: { source: 'a' } }, 10, { utm: { source: 'b' } }, true],
    ['the same campaign again does not', { id: 'old', last: 0, utm: { source: 'a' } }, 10, { utm: { source: 'a' } }, false],
    ['a page without UTM does not', { id: 'old', last: 0, utm: { source: 'a' } }, 10, {}, false],
  ])('%s', (_name, prev, now, page, isNew) => {
    const s = nextSession(prev, now, page, T, newId);
    expect(s.id !== 'old').toBe(isNew);
    expect(s.last).toBe(now);
  });

  it('keeps the landing page\'s UTM and referrer for the whole session', () => {
    const s = nextSession(null, 0, { utm: { source: 'news' }, referrer: 'https://mail.example/' }, T, newId);
    expect(nextSession(s, 10, { referrer: 'https://shop.example/a' }, T, newId)).toMatchObject({ id: s.id, utm: { source: 'news' }, referrer: 'https://mail.example/' });
  });

  it.each([
    ['?utm_source=news&utm_medium=email&utm_campaign=spring', { source: 'news', medium: 'email', campaign: 'spring' }],
    ['?utm_term=chairs&x=1', { term: 'chairs' }],
    ['?q=1', undefined],
    ['', undefined],
  ])('utmOf(%j)', (search, expected) => expect(utmOf(search)).toEqual(expected));
});

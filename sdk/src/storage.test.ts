// Id storage in happy-dom: localStorage, memory without it (never a cookie), consent pending, other tabs, quota.
// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyValue } from './storage';

describe('id storage', () => {
  afterEach(() => vi.unstubAllGlobals());
  it.each([
    ['localStorage', () => {}],
    ['memory (no localStorage)', () => vi.stubGlobal('localStorage', { setItem() { throw new Error('blocked'); } })],
  ])('in %s: an id deleted while consent is pending does not come back when it is granted', (_name, setup) => {
    setup();
    keyValue({ durable: true }).set('waymark_uid', 'user-1'); // an earlier visit, with consent
    const page = keyValue({ durable: false }); // this visit: consent pending
    expect(page.get('waymark_uid')).toBeNull(); // nothing durable is read before consent
    page.del('waymark_uid'); // reset() on logout
    page.persist(); // consent granted
    expect(page.get('waymark_uid')).toBeNull();
    expect(globalThis.localStorage?.getItem?.('waymark_uid') ?? null).toBeNull();
  });

  it('without localStorage keeps ids in memory for the page and writes no cookie', () => {
    vi.stubGlobal('localStorage', { setItem() { throw new Error('blocked'); } });
    const page = keyValue({ durable: true });
    page.set('waymark_aid', 'anon-1');
    expect(page.get('waymark_aid')).toBe('anon-1');
    expect(document.cookie).toBe('');
    expect(keyValue({ durable: true }).get('waymark_aid')).toBeNull(); // the next page starts afresh
  });

  it('writes nothing while consent is pending, and what was kept in memory once granted', () => {
    const page = keyValue({ durable: false });
    page.set('waymark_aid', 'anon-1');
    expect(localStorage.getItem('waymark_aid')).toBeNull();
    page.persist();
    expect(localStorage.getItem('waymark_aid')).toBe('anon-1');
    localStorage.removeItem('waymark_aid');
  });

  it('reads what another tab wrote since, not its own older copy', () => {
    const tabA = keyValue({ durable: true });
    const tabB = keyValue({ durable: true });
    tabA.set('waymark_session', 'from A');
    tabB.set('waymark_session', 'from B, later'); // B kept the shared session alive
    expect(tabA.get('waymark_session')).toBe('from B, later');
    tabB.del('waymark_session');
    expect(tabA.get('waymark_session')).toBeNull();
  });

  it('keeps in memory what localStorage refuses (quota), and reads it back', () => {
    const page = keyValue({ durable: true });
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    page.set('waymark_spill', '[1]');
    vi.restoreAllMocks();
    expect(localStorage.getItem('waymark_spill')).toBeNull();
    expect(page.get('waymark_spill')).toBe('[1]');
    page.del('waymark_spill');
    expect(page.get('waymark_spill')).toBeNull();
  });
});

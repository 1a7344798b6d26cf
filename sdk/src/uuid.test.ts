import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Floor } from './uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  afterEach(() => void delete (crypto as { randomUUID?: unknown }).randomUUID);

  it.each([
    ['crypto.randomUUID', () => {}],
    ['getRandomValues alone (no randomUUID outside https)', () => Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })],
  ])('is a version-7 UUID whose string order is time order, from %s', (_how, setup) => {
    setup();
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(V7);
    expect(parseInt(a.slice(0, 8) + a.slice(9, 13), 16)).toBe(1_700_000_000_000); // the first 48 bits: the millisecond
    expect(a < b).toBe(true);
    expect(uuidv7Floor(1_700_000_000_001) > a && uuidv7Floor(1_700_000_000_001) <= b).toBe(true);
    // The random part varies: 1000 ids in one millisecond are all different, every hex digit appears.
    const ids = Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(ids.join('').replace(/-/g, '')).size).toBe(16);
  });
});

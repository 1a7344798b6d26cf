import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Floor } from './uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version-7 UUID whose string order is time order', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(V7);
    expect(parseInt(a.slice(0, 8) + a.slice(9, 13), 16)).toBe(1_700_000_000_000); // the first 48 bits: the millisecond
    expect(a < b).toBe(true);
    expect(uuidv7Floor(1_700_000_000_001) > a && uuidv7Floor(1_700_000_000_001) <= b).toBe(true);
  });

  it('never repeats its random part, across the refills of its pool of random bytes', () => {
    const ids = Array.from({ length: 2500 }, () => uuidv7(1_700_000_000_000));
    expect(ids.every((id) => V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.join('').replace(/-/g, '')).size).toBe(16); // every hex digit turns up
  });
});

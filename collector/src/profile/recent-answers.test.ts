// The profile's short memory of answers: reused within its time, asked again after it, bounded,
// one read for concurrent asks, and a failed read never remembered.
import { describe, expect, it } from 'vitest';
import { recentAnswers } from './recent-answers.js';

describe('recentAnswers', () => {
  it.each([
    ['within the time: the remembered answer', 2_999, 1],
    ['at the end of the time: a new read', 3_000, 2],
  ])('%s', async (_name, later, reads) => {
    let clock = 0;
    let n = 0;
    const remember = recentAnswers<number>(3_000, 10, () => clock);
    expect(await remember('a', async () => ++n)).toBe(1);
    clock = later;
    expect(await remember('a', async () => ++n)).toBe(reads);
  });

  it('shares one read between concurrent asks for a key, and keeps keys apart', async () => {
    let n = 0;
    const remember = recentAnswers<number>(3_000, 10);
    const read = () => new Promise<number>((r) => setTimeout(() => r(++n), 5));
    expect(await Promise.all([remember('a', read), remember('a', read), remember('b', read)])).toEqual([1, 1, 2]);
  });

  it('forgets the oldest answer past its bound', async () => {
    let n = 0;
    const remember = recentAnswers<number>(3_000, 2);
    await remember('a', async () => ++n);
    await remember('b', async () => ++n);
    await remember('c', async () => ++n); // 'a' goes
    expect(await remember('b', async () => ++n)).toBe(2);
    expect(await remember('a', async () => ++n)).toBe(4);
  });

  it('does not remember a failed read', async () => {
    const remember = recentAnswers<number>(3_000, 10);
    await expect(remember('a', async () => { throw new Error('database down'); })).rejects.toThrow('database down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await remember('a', async () => 7)).toBe(7);
  });
});

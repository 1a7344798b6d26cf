import { describe, expect, it } from 'vitest';
import { nextBatchSize, packedBody, type Packed } from './pack-batches.js';

const ev = (bytes: number, id = 'x'): Packed => ({ id, json: `"${'a'.repeat(bytes - 2)}"`, bytes });

describe('nextBatchSize', () => {
  it.each([
    ['nothing queued', [], 0],
    ['fewer than the event limit', Array(3).fill(ev(100)), 3],
    ['more than the event limit', Array(600).fill(ev(100)), 500],
    ['more than the byte limit', Array(100).fill(ev(10_000)), 52],
    ['one event alone, whatever its size', [ev(600_000)], 1],
  ])('%s', (_n, queue, expected) => expect(nextBatchSize(queue)).toBe(expected));

  it('keeps a body within 512 KB', () => {
    const queue = Array(100).fill(ev(10_000));
    expect(Buffer.byteLength(packedBody(queue.slice(0, nextBatchSize(queue))))).toBeLessThanOrEqual(512 * 1024);
    expect(JSON.parse(packedBody([ev(5)]))).toEqual({ v: 1, events: ['aaa'] });
  });
});

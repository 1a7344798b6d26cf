import { describe, expect, it } from 'vitest';
import { aggregateCache } from './aggregate-cache.js';

/** A computation the test finishes by hand, counting how often the cache started one. */
function computations() {
  const started: { version: string; finish(v: string): void; fail(): void }[] = [];
  const compute = (version: string) => () => new Promise<string>((ok, no) => started.push({ version, finish: ok, fail: () => no(new Error('scan failed')) }));
  return { started, compute };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const sameErasures = (version: string) => (old: string) => old.split('.')[1] === version.split('.')[1];

describe('aggregate cache', () => {
  it('computes once per version and shares a computation between concurrent readers', async () => {
    const cache = aggregateCache();
    const { started, compute } = computations();
    const a = cache.get('map', '1.0', compute('1.0'));
    const b = cache.get('map', '1.0', compute('1.0'));
    started[0].finish('v1');
    expect(await a).toMatchObject({ value: 'v1', cached: false, stale: false });
    expect(await b).toMatchObject({ value: 'v1', cached: true });
    expect(started).toHaveLength(1);
    const c = cache.get('map', '2.0', compute('2.0')); // new data, no stale reader: waits for it
    await tick();
    started[1].finish('v2');
    expect(await c).toMatchObject({ value: 'v2', cached: false, stale: false, version: '2.0' });
  });

  it('serves the last result to a reader that allows it while one refresh computes the new version', async () => {
    const cache = aggregateCache();
    const { started, compute } = computations();
    const first = cache.get('map', '1.0', compute('1.0'));
    started[0].finish('v1');
    await first;
    const stale = await cache.get('map', '2.0', compute('2.0'), { staleOk: sameErasures('2.0') });
    expect(stale).toEqual({ value: 'v1', cached: true, stale: true, version: '1.0' });
    expect(await cache.get('map', '3.0', compute('3.0'), { staleOk: sameErasures('3.0') })).toMatchObject({ value: 'v1', stale: true });
    expect(started.map((s) => s.version)).toEqual(['1.0', '2.0']); // one refresh at a time
    // A reader that needs the refreshing version shares its computation.
    const fresh = cache.get('map', '2.0', compute('2.0'));
    started[1].finish('v2');
    expect(await fresh).toMatchObject({ value: 'v2', stale: false, version: '2.0' });
    await tick();
    expect(await cache.get('map', '2.0', compute('2.0'))).toMatchObject({ value: 'v2', cached: true, stale: false });
    expect(started).toHaveLength(2);
  });

  it('never serves a result from before an erasure, and keeps the old one when a refresh fails', async () => {
    const cache = aggregateCache();
    const { started, compute } = computations();
    const first = cache.get('map', '1.0', compute('1.0'));
    started[0].finish('v1');
    await first;
    expect(await cache.get('map', '2.0', compute('2.0'), { staleOk: sameErasures('2.0') })).toMatchObject({ value: 'v1', stale: true });
    started[1].fail();
    await tick();
    // The failed refresh is tried again by the next reader, who is still served the old result.
    expect(await cache.get('map', '2.0', compute('2.0'), { staleOk: sameErasures('2.0') })).toMatchObject({ value: 'v1', stale: true });
    expect(started).toHaveLength(3);
    // After an erasure (the part after the dot) the reader waits for current data.
    const erased = cache.get('map', '2.1', compute('2.1'), { staleOk: sameErasures('2.1') });
    await tick();
    expect(started.map((s) => s.version)).toEqual(['1.0', '2.0', '2.0', '2.1']);
    started[3].finish('v2-erased');
    expect(await erased).toEqual({ value: 'v2-erased', cached: false, stale: false, version: '2.1' });
  });
});

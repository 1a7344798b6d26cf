// The profile part in happy-dom with a stubbed collector: what it asks, when `stage` listeners
// fire, that a visitor without consent is not looked up, and the ask after a delivered batch.
// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProfileResponse } from '../../../wire';
import { emitter } from '../emitter';
import { keyValue } from '../storage';
import type { WaymarkApi } from '../types';
import { PROFILE_GLOBAL, PROFILE_KEY, type ProfileLoader } from './types';

let load: ProfileLoader;
beforeAll(async () => {
  await import('./part');
  load = (window as any)[PROFILE_GLOBAL];
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  localStorage.clear();
});

/** The part over a collector that answers `stages` in turn; returns the URLs asked and the stage events fired. */
function setup(stages: (string | null)[], granted = true) {
  const asked: URL[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(new URL(url));
    const stage = stages[Math.min(asked.length - 1, stages.length - 1)];
    const body: ProfileResponse = { stage: stage as ProfileResponse['stage'], since: stage && '2026-12-01T00:00:00.000Z', segments: [], stateVersion: '1.0' };
    return new Response(JSON.stringify(body), { status: 200 });
  });
  const bus = emitter();
  const fired: [string | null, string | null][] = [];
  bus.on('stage', (p, previous) => fired.push([p.stage, previous]));
  const api = { on: bus.on, ids: () => ({ anonymousId: 'anon 1', sessionId: 's' }) } as unknown as WaymarkApi;
  const part = load(api, { writeKey: 'wk_x', endpoint: 'https://c.example' }, { ...keyValue({ durable: true }), granted: () => granted, emit: bus.emit });
  return { asked, fired, part, deliver: () => bus.emit('status', ['e1'], 'accepted') };
}

describe('the profile part', () => {
  it("asks for this visitor's profile with the site's write key", async () => {
    const { asked, part } = setup(['consideration']);
    expect(await part()).toEqual({ stage: 'consideration', since: '2026-12-01T00:00:00.000Z', segments: [] });
    expect(asked[0].origin + asked[0].pathname).toBe('https://c.example/v1/profile');
    expect(Object.fromEntries(asked[0].searchParams)).toEqual({ writeKey: 'wk_x', anonymousId: 'anon 1', v: '' });
  });

  it.each([
    ['the first stage seen fires, from null', [null], ['awareness'], [['awareness', null]]],
    ['the same stage again does not fire', ['awareness'], ['awareness', 'awareness'], []],
    ['a new stage fires with the one before', ['consideration'], ['consideration', 'purchase'], [['purchase', 'consideration']]],
    ['an unknown visitor stays quiet', [], [null], []],
  ])('%s', async (_name, before, answers, expected) => {
    if (before.length) localStorage.setItem(PROFILE_KEY, JSON.stringify({ stage: before[0] }));
    const { part, fired } = setup(answers);
    for (let i = 0; i < answers.length; i++) await part();
    expect(fired).toEqual(expected);
  });

  it('does not look up a visitor without consent', async () => {
    const { asked, part } = setup(['purchase'], false);
    expect(await part()).toEqual({ stage: null, since: null, segments: [] });
    expect(asked).toHaveLength(0);
  });

  it('when watching, asks again after a delivered batch, past any cached answer (a new mark)', async () => {
    vi.useFakeTimers();
    const { asked, part, fired, deliver } = setup(['consideration', 'purchase']);
    await part(1);
    deliver();
    const mark = JSON.parse(localStorage.getItem(PROFILE_KEY)!).v;
    expect(mark).toBeTruthy();
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(2);
    expect(asked[1].searchParams.get('v')).toBe(mark);
    expect(fired).toEqual([['consideration', null], ['purchase', 'consideration']]);
  });

  it('without a stage listener, a delivered batch only moves the mark', async () => {
    vi.useFakeTimers();
    const { asked, part, deliver } = setup(['consideration']);
    await part();
    deliver();
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(PROFILE_KEY)!).v).toBeTruthy();
  });

  it("rejects with the collector's reason", async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'unknown write key' }), { status: 401 }));
    const bus = emitter();
    const part = load({ on: bus.on, ids: () => ({ anonymousId: 'a' }) } as unknown as WaymarkApi, { writeKey: 'wk_x', endpoint: 'https://c.example' }, { ...keyValue({ durable: true }), granted: () => true, emit: bus.emit });
    await expect(part()).rejects.toThrow('waymark.profile(): the collector answered 401: unknown write key');
  });
});

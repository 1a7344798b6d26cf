// The extension's two calls to a real collector over HTTP: uploading a recording, reading stage rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStageRules, uploadEvents } from '../../extension/src/lib/collector-api.js';
import { makeTouchpoint } from '../../extension/src/lib/touchpoint.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';

const WRITE_KEY = 'wk_extension_api';
const READ_TOKEN = 'rt_extension_api_token';
const RULES = [{ stage: 'purchase', when: { event: 'order_completed' } }, { stage: 'consideration', when: { url: '*/tea/*' } }];
let c: InProcessCollector;

beforeAll(async () => {
  c = await serveCollector({ config: { sites: [{ id: 'api', writeKey: WRITE_KEY, origins: ['*'] }], readToken: READ_TOKEN, stages: RULES } });
});
afterAll(async () => { await c?.close(); });

const events = (n: number) => Array.from({ length: n }, (_, i) =>
  makeTouchpoint({ type: 'track', name: `step_${i}` }, { sessionId: 'rec-1', anonymousId: 'researcher-1' }, { url: 'https://shop.example/' }));

describe('upload', () => {
  it('uploads more than one batch worth and counts what the collector accepted', async () => {
    const list = events(501);
    expect(await uploadEvents(c.url, WRITE_KEY, list)).toMatchObject({ accepted: 501, duplicates: 0, rejected: [] });
    // Uploading again is harmless: the ids are the dedupe key.
    expect(await uploadEvents(c.url, WRITE_KEY, list.slice(0, 3))).toMatchObject({ accepted: 0, duplicates: 3 });
  });

  it('reports a rejected event with its index in the whole upload and the reason', async () => {
    const list = events(3);
    list[2] = { ...list[2], name: 'x'.repeat(201) };
    const r = await uploadEvents(c.url, WRITE_KEY, list);
    expect(r.accepted).toBe(2);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].index).toBe(2);
    expect(r.rejected[0].errors.join(' ')).toMatch(/name/);
  });

  it.each<[string, string, string, RegExp]>([
    ['no collector URL', '', WRITE_KEY, /Set the collector URL/],
    ['no write key', 'http://127.0.0.1:1', '', /Set the write key/],
    ['an unknown write key', 'SELF', 'wk_unknown_key', /The collector answered 401/],
  ])('says what to fix with %s', async (_, url, key, message) => {
    await expect(uploadEvents(url === 'SELF' ? c.url : url, key, events(1))).rejects.toThrow(message);
  });
});

describe('stage rules', () => {
  it('reads the site\'s rules with the read token', async () => {
    expect(await fetchStageRules(c.url, READ_TOKEN)).toEqual(RULES);
  });

  it.each<[string, string, string, RegExp]>([
    ['a wrong read token', 'SELF', 'rt_wrong_token_value', /refused the read token \(401\)/],
    ['an unreachable collector', 'http://127.0.0.1:1', READ_TOKEN, /could not reach/],
  ])('explains %s', async (_, url, token, message) => {
    await expect(fetchStageRules(url === 'SELF' ? c.url : url, token)).rejects.toThrow(message);
  });
});

// GET /v1/surveys through the real app and a real SQLite store: definitions per site, stage
// triggers resolved, ETag/304, Cache-Control and CORS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { openStore } from '../../collector/src/store/open.js';
import type { Store } from '../../collector/src/store/store.js';
import { surveysFor } from '../../collector/src/surveys/route.js';
import type { SurveysResponse } from '../../wire/index.js';

const config = parseConfig({
  sites: [
    { id: 'shop', writeKey: 'wk_shop_123', origins: ['https://shop.example'] },
    { id: 'blog', writeKey: 'wk_blog_123', origins: ['https://blog.example'] },
  ],
  readToken: 'rt_0123456789abcdef',
  stages: [
    { stage: 'purchase', when: { event: 'order_completed' } },
    { stage: 'purchase', when: { url: '/checkout/*' } },
    { stage: 'consideration', when: { url: '/pricing' } },
  ],
  surveys: [
    { id: 'post-purchase', instrument: 'emotion5', question: 'How do you feel?', trigger: { event: 'order_completed', delaySeconds: 2 } },
    { id: 'enter-purchase', instrument: 'ces', question: 'How easy?', trigger: { stage: 'purchase' }, sites: ['shop'] },
    { id: 'blog-nps', instrument: 'nps', question: 'Recommend?', sample: 0.1, sites: ['blog'] },
  ],
  surveyRules: { quietDays: 30 },
});

const dir = mkdtempSync(join(tmpdir(), 'waymark-survey-route-'));
let store: Store;
const app = async () => {
  store ??= await openStore({ sqliteFile: join(dir, 'w.db') });
  return createApp({ config: { ...config, readToken: config.readToken!, adminToken: 'adm_survey_route_test' }, store });
};
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/surveys', () => {
  it('serves the site its own surveys, stage triggers resolved, with the display rules', async () => {
    const res = await (await app()).request('/v1/surveys?writeKey=wk_shop_123', { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-z-]+"$/);
    const body = (await res.json()) as SurveysResponse;
    expect(body.surveys.map((s) => s.id)).toEqual(['post-purchase', 'enter-purchase']);
    expect(body.surveys[0]).toMatchObject({ wait: 2000 });
    const stage = RegExp(body.surveys[1].when);
    expect(stage.test('track order_completed\nhttps://shop.example/thanks')).toBe(true);
    expect(stage.test('page undefined\nhttps://shop.example/checkout/pay?step=2')).toBe(true);
    expect(stage.test('page undefined\nhttps://shop.example/cart')).toBe(false);
    expect(body.surveys[1]).not.toHaveProperty('sites');
    expect(body.rules).toEqual({ quietDays: 30, oncePerCustomer: true, maxPerSession: 1 });
  });

  it('answers a matching If-None-Match with an empty 304 and a changed one with the body', async () => {
    const a = await app();
    const first = await a.request('/v1/surveys?writeKey=wk_blog_123');
    const etag = first.headers.get('etag')!;
    const again = await a.request('/v1/surveys?writeKey=wk_blog_123', { headers: { 'if-none-match': `W/${etag}, "other"` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await a.request('/v1/surveys?writeKey=wk_blog_123', { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
    const shop = await a.request('/v1/surveys?writeKey=wk_shop_123');
    expect(shop.headers.get('etag')).not.toBe(etag);
  });

  it('keeps the body small', async () => {
    const res = await (await app()).request('/v1/surveys?writeKey=wk_shop_123');
    expect((await res.text()).length).toBeLessThan(1024);
  });

  it.each([
    ['no write key', '/v1/surveys', undefined, 400, /writeKey is missing/],
    ['an unknown write key', '/v1/surveys?writeKey=wk_nope_123', undefined, 401, /unknown write key/],
    ['a foreign origin', '/v1/surveys?writeKey=wk_shop_123', 'https://evil.example', 403, /not allowed for site "shop"/],
  ])('refuses %s with a message that says what to fix', async (_name, path, origin, status, message) => {
    const res = await (await app()).request(path, { headers: origin ? { origin } : {} });
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(message);
    if (status === 403) expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the CORS preflight for GET with If-None-Match', async () => {
    const res = await (await app()).request('/v1/surveys', { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });
});

describe('surveysFor', () => {
  it('serves no surveys and the default rules when none are configured', () => {
    expect(surveysFor(parseConfig({}), 'dev')).toEqual({ surveys: [], rules: { quietDays: 14, oncePerCustomer: true, maxPerSession: 1 } });
  });
});

describe('survey configuration', () => {
  it.each([
    ['a duplicate id', [{ id: 'a', instrument: 'csat', question: 'Q' }, { id: 'a', instrument: 'nps', question: 'Q' }], /surveys\[1\]\.id: duplicates surveys\[0\]/],
    ['an unknown instrument', [{ id: 'a', instrument: 'stars', question: 'Q' }], /surveys\[0\]\.instrument/],
    ['a missing question', [{ id: 'a', instrument: 'csat' }], /surveys\[0\]\.question/],
    ['a sample above 1', [{ id: 'a', instrument: 'csat', question: 'Q', sample: 2 }], /surveys\[0\]\.sample/],
    ['an unknown stage', [{ id: 'a', instrument: 'csat', question: 'Q', trigger: { stage: 'bliss' } }], /surveys\[0\]\.trigger\.stage/],
  ])('rejects %s and names the field', (_name, surveys, message) => {
    expect(() => parseConfig({ surveys })).toThrow(message);
  });
});

// The analyst pages say how fresh the journey states behind their figures are: a rebuild's
// progress after a configuration change, customers still being added, or up to date.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.js';
import { makeSessionCookie, SESSION_COOKIE } from '../../collector/src/auth.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { seed } from '../../collector/src/seed/seed.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { rebuildDirty, REBUILD_TOTAL_KEY } from '../../collector/src/state/worker.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-freshness-'));
const store = new SqliteStore(join(dir, 'waymark.db'));
afterAll(() => store.close());

it('shows rebuild progress, then that the journeys are up to date', async () => {
  const config = withDefaults(parseConfig({}), dir, {});
  const app = createApp({ config, store, states: true, settleMs: 0, clientIp: () => '127.0.0.1' });
  const cookie = `${SESSION_COOKIE}=${await makeSessionCookie(config.readToken)}`;
  const page = async (path: string) => (await app.request(`http://collector.test${path}`, { headers: { cookie } })).text();

  await seed({ people: 40, seed: 2, now: Date.UTC(2026, 2, 1), days: 20 }, storeSink(store, 'shop', { trusted: true }));
  // A configuration change marked everyone for rebuilding; half of them are done.
  const total = await store.states.markAll();
  await store.states.setMeta(REBUILD_TOTAL_KEY, String(total));
  const half = await store.states.claim('test', Math.floor(total / 2), 60_000);
  const { rebuildClaims } = await import('../../collector/src/state/rebuild.js');
  await rebuildClaims(store, half, { timeoutMinutes: 30 });

  const during = await page('/map');
  expect(during).toContain('data-state="rebuilding"');
  expect(during).toMatch(new RegExp(`Journeys are being rebuilt after a configuration change: \\d+ of ${total} visitors done`));
  expect(during).toMatch(/<progress max="\d+" value="\d+"/);
  const api = await (await app.request('http://collector.test/v1/journey-map', { headers: { authorization: `Bearer ${config.readToken}` } })).json();
  expect(api.meta.states.rebuilding).toEqual({ done: expect.any(Number), total });

  await rebuildDirty(store, { timeoutMinutes: 30 });
  const after = await page('/');
  expect(after).toContain('data-state="current"');
  expect(after).toContain('Journeys up to date');
  expect(after).not.toContain('<progress');
});

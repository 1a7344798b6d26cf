// Analyst UI: each page's server time over the largest seeded dataset available, and the size
// of the UI's own scripts. Budgets: with 1M events every page ≤ 1 s on the server
// (journey map, flows and funnels answered from the journey service's cached aggregates), and
// the UI's JS ≤ 50 KB gzip in total.
//
// Reuses the journey benchmark's datasets (data/bench/journey-<N>-seed1.db, made by
// `npm run bench -- journey`); without one, it generates 100k events the same way.
//   npm run bench -- ui
//   UI_BENCH_EVENTS=100000 npm run bench -- ui
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createApp } from '../../collector/src/app.js';
import { makeSessionCookie, SESSION_COOKIE } from '../../collector/src/auth.js';
import { parseConfig } from '../../collector/src/config.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { UI_DIST, UI_JS_BUDGET_GZIP } from '../../collector/ui-build.js';
import { buildUi } from '../ui/build-ui.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'data/bench');
const PAGE_BUDGET_MS = 1000;

async function dataset(): Promise<{ file: string; events: number }> {
  const wanted = process.env.UI_BENCH_EVENTS ? [Number(process.env.UI_BENCH_EVENTS)] : [1_000_000, 100_000];
  for (const n of wanted) {
    const file = join(dir, `journey-${n}-seed1.db`);
    if (existsSync(`${file}.done`)) return { file, events: n };
  }
  const n = wanted[wanted.length - 1];
  const file = join(dir, `journey-${n}-seed1.db`);
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`no journey benchmark dataset of ${n} events; generating ${file} ...\n`);
  const store = new SqliteStore(file, { synchronous: 'NORMAL' });
  const r = await seedVolume({ customers: n / 20, events: n, seed: 1 }, storeSink(store, 'shop'));
  await store.close();
  writeFileSync(`${file}.done`, JSON.stringify({ events: r.events, customers: r.customers.length }));
  return { file, events: n };
}

async function main() {
  const { file, events } = await dataset();
  const store = new SqliteStore(file);
  const readToken = 'rt_ui_bench_token_000000';
  const config = { ...parseConfig({ sites: [{ id: 'shop', writeKey: 'wk_bench_ui' }], readToken }), readToken, adminToken: 'adm_ui_bench_token_000000' };
  const app = createApp({ config, store });
  const cookie = `${SESSION_COOKIE}=${await makeSessionCookie(readToken)}`;
  // A known customer for the customer page, asked for when that page's turn comes: asking the
  // API first would compute the overview before the overview page is measured.
  const someone = async () => {
    const list = (await (await app.request('/v1/customers?limit=1', { headers: { authorization: `Bearer ${readToken}` } })).json()) as { customers: { customerId: string }[] };
    return `/customers/${encodeURIComponent(list.customers[0]?.customerId ?? 'nobody')}`;
  };
  const pages: [string, string | (() => Promise<string>)][] = [
    ['overview', '/'], ['journey map', '/map'], ['map CSV', '/map.csv'], ['flows (stages)', '/flows'], ['flows (pages)', '/flows?level=page&steps=4'],
    ['funnels', '/funnels'], ['customers', '/customers'], ['customer search', '/customers?q=gmail'], ['customer', someone],
    ['surveys', '/surveys'], ['quarantine', '/quarantine'],
  ];
  const time = async (path: string) => {
    const t = performance.now();
    const res = await app.request(path, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200 && res.status !== 202) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
    return { ms: performance.now() - t, bytes: body.length, computing: res.status === 202 };
  };
  console.log(`dataset: ${file} (${events.toLocaleString('en-US')} events)`);
  console.log('first view: the server time of the first answer; a page whose figures are not computed yet answers');
  console.log('"computing" (202, reloads itself) after about a second, and "figures after" is when a reload shows them.');
  console.log('page               first view              figures after   again (cached)   HTML');
  let worst = 0;
  for (const [name, where] of pages) {
    const path = typeof where === 'string' ? where : await where();
    const t0 = performance.now();
    const first = await time(path);
    let shown = first;
    while (shown.computing) {
      await new Promise((r) => setTimeout(r, 250));
      shown = await time(path);
    }
    const ready = performance.now() - t0;
    const again = await time(path);
    worst = Math.max(worst, first.ms, again.ms);
    const firstText = `${first.ms.toFixed(0)} ms${first.computing ? ' (computing)' : ''}`;
    console.log(`${name.padEnd(18)} ${firstText.padEnd(23)} ${`${(ready / 1000).toFixed(2)} s`.padEnd(15)} ${`${again.ms.toFixed(0)} ms`.padEnd(16)} ${(shown.bytes / 1024).toFixed(0)} KB`);
  }
  await store.close();

  await buildUi();
  const files = readdirSync(UI_DIST).filter((f) => f.endsWith('.js'));
  const sizes = files.map((f) => ({ f, raw: readFileSync(join(UI_DIST, f)).length, gz: gzipSync(readFileSync(join(UI_DIST, f)), { level: 9 }).length }));
  const total = sizes.reduce((t, s) => t + s.gz, 0);
  console.log(`UI JS: ${sizes.map((s) => `${s.f} ${s.gz} B gzip`).join(', ')}; total ${total} B gzip (budget ${UI_JS_BUDGET_GZIP} B, ${((100 * total) / UI_JS_BUDGET_GZIP).toFixed(1)}% of it)`);
  console.log(`budget: every page's first answer and every page again ≤ ${PAGE_BUDGET_MS} ms at ${events.toLocaleString('en-US')} events (worst ${worst.toFixed(0)} ms): ${worst <= PAGE_BUDGET_MS ? 'met' : 'NOT met'}; UI JS ≤ 50 KB gzip: ${total <= UI_JS_BUDGET_GZIP ? 'met' : 'NOT met'}`);
  if (events < 1_000_000) console.log(`note: measured at ${events.toLocaleString('en-US')} events, not 1M (no 1M dataset yet: run \`npm run bench -- journey\` first)`);
}

main().catch((e) => { console.error(e); process.exit(1); });

// Lifecycle actions under load: a collector process on SQLite takes a paced 5,000 events/s from
// the shop's backend while 3 actions deliver to a local receiver that verifies every signature.
// Prints the first-attempt delivery latency (the batch's commit answered → the webhook received),
// the ingest rate and request latency beside runs without actions (alternating, medians compared),
// and, across 5 SIGKILLs of the collector under load, moments lost or delivered under two webhook-ids.
// `npm run bench -- actions` (WAYMARK_BENCH_SECONDS, 20 by default, sets each run's length;
// WAYMARK_BENCH_RUNS, 3 by default, how many runs without and with actions alternate)
import { randomUUID } from 'node:crypto';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { startReceiver } from '../actions/receiver.js';

const SECONDS = Number(process.env.WAYMARK_BENCH_SECONDS ?? 20);
const RATE = 5000;
const BATCH = 50;
const CUSTOMERS = 50_000;
const SECRET = `whsec_${Buffer.from('waymark actions bench signing key').toString('base64')}`;
const SERVER_KEY = 'sk_bench_backend_0123456789abcdef';

interface Sent { commitAt: Map<string, number>; requestMs: number[]; events: number; elapsedMs: number; moments: Set<string> }

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * A customer's next event, as a busy shop's backend sees them: mostly reading and browsing; 2 % of
 * events an order, 1 % a sign-up, 0.5 % a script error. Batches overlap in time, so a customer's
 * two events may share a millisecond: which moments they make is left to momentsOf.
 */
function nextEvent(customer: number, t: number) {
  const id = randomUUID();
  const roll = Math.random();
  const name = roll < 0.02 ? 'order_completed' : roll < 0.03 ? 'signed_up' : roll < 0.035 ? '$error' : roll < 0.3 ? 'product_viewed' : 'page_read';
  return { id, type: 'track', name, userId: `cust-${customer}`, channel: 'store', timestamp: new Date(t).toISOString(), properties: name === '$error' ? { message: 'TypeError: x is undefined' } : undefined };
}

/**
 * The moments the actions wait for, from the events sent, each customer's in the order the
 * collector documents (time, then id): a customer's first order enters purchase, a sign-up after
 * it enters onboarding, each script error is a pain point.
 */
function momentsOf(events: ReturnType<typeof nextEvent>[]): Set<string> {
  const byCustomer = new Map<string, ReturnType<typeof nextEvent>[]>();
  for (const e of events) (byCustomer.get(e.userId) ?? byCustomer.set(e.userId, []).get(e.userId)!).push(e);
  const moments = new Set<string>();
  for (const [userId, list] of byCustomer) {
    list.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : 1));
    let bought = false;
    for (const e of list) {
      if (e.name === 'order_completed' && !bought) { bought = true; moments.add(`purchased:${userId}`); }
      else if (e.name === 'signed_up' && bought) moments.add(`onboarding:${userId}`);
      else if (e.name === '$error') moments.add(`js_error:${e.id}`);
    }
  }
  return moments;
}

/** Sends RATE events/s in batches for `seconds`, retrying a batch until it is answered (a killed collector). */
async function drive(c: RunningCollector, seconds: number, onTick?: (elapsed: number) => Promise<void>): Promise<Sent> {
  const sent: Sent = { commitAt: new Map(), requestMs: [], events: 0, elapsedMs: 0, moments: new Set() };
  const all: ReturnType<typeof nextEvent>[] = [];
  const start = Date.now();
  const total = RATE * seconds;
  let next = 0;
  const inFlight = new Set<Promise<void>>();
  while (next < total) {
    const due = start + (next / RATE) * 1000;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const t = Date.now();
    const events = Array.from({ length: BATCH }, (_, i) => nextEvent(Math.floor(Math.random() * CUSTOMERS), t + i));
    all.push(...events);
    next += BATCH;
    const body = JSON.stringify({ v: 1, events });
    const p: Promise<void> = (async () => {
      for (;;) {
        const t0 = Date.now();
        try {
          const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${SERVER_KEY}`, 'content-type': 'application/json' }, body });
          await res.arrayBuffer();
          if (res.status === 200) {
            const done = Date.now();
            sent.requestMs.push(done - t0);
            for (const e of events) if (!sent.commitAt.has(e.id)) sent.commitAt.set(e.id, done);
            sent.events += events.length;
            return;
          }
        } catch { /* the collector is down: try again */ }
        await new Promise((r) => setTimeout(r, 200));
      }
    })().finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 16) await Promise.race(inFlight);
    await onTick?.(Date.now() - start);
  }
  await Promise.all(inFlight);
  sent.elapsedMs = Date.now() - start;
  sent.moments = momentsOf(all);
  return sent;
}

async function run(withActions: boolean, kills = 0) {
  const receiver = await startReceiver(SECRET);
  const hook = `${receiver.url}/hook`;
  const actions = withActions ? [
    { id: 'purchased', on: 'stage.entered', stage: 'purchase', url: hook, secret: SECRET, concurrency: 8 },
    { id: 'onboarding', on: 'stage.entered', stage: 'onboarding', url: hook, secret: SECRET, concurrency: 8 },
    { id: 'js_error', on: 'painpoint', kind: 'js_error', url: hook, secret: SECRET, concurrency: 8 },
  ] : [];
  const c = await startCollector({ config: { sites: [{ id: 'bench', writeKey: 'wk_bench_key', serverKeys: [SERVER_KEY] }], readToken: 'rt_bench_read_token', limits: { eventsPerSecond: 1e9 }, actions } });
  let killed = 0;
  const sent = await drive(c, SECONDS, kills ? async (elapsed) => {
    if (killed < kills && elapsed > ((killed + 1) * SECONDS * 1000) / (kills + 1)) {
      killed++;
      await c.kill();
      await c.restart();
    }
  } : undefined);
  // Let the outbox drain.
  const want = withActions ? sent.moments.size : 0;
  const until = Date.now() + 120_000;
  const keyOf = (p: any) => (p.action === 'js_error' ? `js_error:${p.touchpoint?.id}` : `${p.action}:${p.customerId}`);
  const got = () => new Set(receiver.received.filter((r) => r.payload).map((r) => keyOf(r.payload))).size;
  while (withActions && got() < want && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  await c.stop();
  await receiver.close();
  const firstAttempt = new Map<string, number>();
  const idsPerMoment = new Map<string, Set<string>>();
  for (const r of receiver.received) {
    if (!r.payload) continue;
    const k = keyOf(r.payload);
    (idsPerMoment.get(k) ?? idsPerMoment.set(k, new Set()).get(k)!).add(r.id);
    if (firstAttempt.has(k)) continue;
    const committed = sent.commitAt.get(r.payload.touchpoint?.id);
    if (committed !== undefined) firstAttempt.set(k, r.at - committed);
  }
  const lost = [...sent.moments].filter((m) => !idsPerMoment.has(m)).length;
  const doubled = [...idsPerMoment.values()].filter((s) => s.size > 1).length;
  return {
    rate: sent.events / (sent.elapsedMs / 1000), requestP95: pct(sent.requestMs, 95),
    latency: [...firstAttempt.values()], moments: want, delivered: idsPerMoment.size, lost, doubled,
    unverified: receiver.received.filter((r) => r.verifyError).length,
  };
}

// One 20 s run is at the mercy of whatever else the machine does: runs without and with actions
// alternate, and the ratio compares their medians.
const RUNS = Number(process.env.WAYMARK_BENCH_RUNS ?? 3);
const plains: Awaited<ReturnType<typeof run>>[] = [];
const acteds: typeof plains = [];
for (let i = 0; i < RUNS; i++) {
  const plain = await run(false);
  const acted = await run(true);
  plains.push(plain);
  acteds.push(acted);
  console.log(`run ${i + 1}: without actions ${plain.rate.toFixed(0)} events/s (request p95 ${plain.requestP95} ms); with 3 actions ${acted.rate.toFixed(0)} events/s (request p95 ${acted.requestP95} ms), ${acted.delivered}/${acted.moments} moments delivered, ${acted.unverified} signatures refused`);
}
const median = (xs: number[]) => pct(xs, 50);
const plainRate = median(plains.map((r) => r.rate));
const actedRate = median(acteds.map((r) => r.rate));
const latency = acteds.flatMap((r) => r.latency);
console.log(`without actions: ingest ${plainRate.toFixed(0)} events/s (median of ${RUNS}, paced at ${RATE})`);
console.log(`with 3 actions:  ingest ${actedRate.toFixed(0)} events/s (median of ${RUNS})`);
console.log(`  first-attempt latency (commit → webhook), all runs: p50 ${pct(latency, 50)} ms, p95 ${pct(latency, 95)} ms, p99 ${pct(latency, 99)} ms`);
const killed = await run(true, 5);
console.log(`5 SIGKILLs under load: ${killed.delivered}/${killed.moments} moments delivered, ${killed.lost} lost, ${killed.doubled} under two webhook-ids`);
const ratio = actedRate / plainRate;
console.log(`ratio with/without actions: ${ratio.toFixed(2)} (each run: ${acteds.map((r, i) => (r.rate / plains[i].rate).toFixed(2)).join(', ')})`);
console.log(`budgets: latency p95 ≤ 5 s ${pct(latency, 95) <= 5000 ? 'met' : 'MISSED'}; ingest within 10 % ${ratio >= 0.9 ? 'met' : 'MISSED'}; 0 lost and 0 doubled across 5 SIGKILLs ${killed.lost === 0 && killed.doubled === 0 ? 'met' : 'MISSED'}`);

// `npm run import` end to end: the CLI as its own process posting through the server key to a
// real collector process (SQLite file), then what analysts see: the customers' journeys, the
// journey map and the customer page. Re-running adds nothing; broken rows are reported with their
// lines while the rest import; a SIGKILLed import resumed ends as one uninterrupted run would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { ORDERS_AND_TICKETS_MAP, writeOrdersAndTickets } from './import-files.js';
import { exportedEvents, journey } from './read.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'waymark-import-'));
let c: RunningCollector;

beforeAll(async () => {
  // The per-key limit (2,000 events/s by default) would pace the import; here the import's own speed is tested.
  c = await startCollector({
    config: { sites: [{ id: 'shop', writeKey: 'wk_shop_import_test', origins: [], serverKeys: ['sk_shop_import_test_0123456789'] }], readToken: 'rt_import_test_token', limits: { eventsPerSecond: 1_000_000 } },
  });
});
afterAll(() => c.stop());

function importProcess(file: string, args: string[] = ORDERS_AND_TICKETS_MAP, key = c.serverKey!): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/import/cli.ts'), file, '--url', c.url, '--key', key, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, done: new Promise((r) => child.once('exit', (code, signal) => r({ code, signal, stdout, stderr }))) };
}
const runImport = (file: string, args?: string[], key?: string) => importProcess(file, args, key).done;
const lastLine = (s: string) => s.trim().split('\n').at(-1);
const rejects = (file: string) => readFileSync(`${file}.rejects.csv`, 'utf8');

describe('npm run import', () => {
  it('imports 100k orders and tickets onto the right customers with their channels, and a second run adds nothing', async () => {
    const file = join(dir, 'orders-and-tickets.csv');
    const truth = writeOrdersAndTickets(file, { rows: 100_000, customers: 2_000, prefix: 'big' });
    const first = await runImport(file);
    expect(first.code, first.stderr).toBe(0);
    expect(lastLine(first.stdout)).toBe('imported 100000, duplicates 0, rejected 0');
    expect(existsSync(`${file}.rejects.csv`)).toBe(false);

    const stored = (await exportedEvents(c)).filter((e) => e.userId?.startsWith('big-'));
    expect(stored.length).toBe(100_000);
    expect(new Set(stored.map((e) => e.properties.row_id))).toEqual(truth.goodIds);

    for (const customer of ['big-c0', 'big-c1', 'big-c1999']) {
      const j = await journey(c, customer);
      const seen = new Map<string, number>();
      for (const t of j.touchpoints) {
        expect(t.offSite).toBe(true);
        seen.set(t.channel, (seen.get(t.channel) ?? 0) + 1);
      }
      expect(seen).toEqual(truth.byCustomer.get(customer));
      expect(new Set(j.sessions.map((s: any) => s.channel))).toEqual(new Set(truth.byCustomer.get(customer)!.keys()));
    }

    const again = await runImport(file);
    expect(lastLine(again.stdout)).toBe('imported 0, duplicates 100000, rejected 0');
    expect((await exportedEvents(c)).filter((e) => e.userId?.startsWith('big-')).length).toBe(100_000);

    // The analysts' views show them: the journey map's off-site row and the customer page's off-site lane.
    const map = await (await fetch(`${c.url}/v1/journey-map`, { headers: { authorization: `Bearer ${c.readToken}` } })).json();
    const offSite = map.stages.flatMap((s: any) => s.offSite.map((o: any) => o.key));
    expect(offSite).toEqual(expect.arrayContaining(['store: order_completed', 'support: ticket_opened']));
    const page = await (await fetch(`${c.url}/customers/big-c1`, { headers: { authorization: `Bearer ${c.readToken}` } })).text();
    expect(page).toContain('>Off-site</text>');
    expect(page).toContain('Support: Ticket opened');
  }, 300_000);

  it('imports the good rows of a broken file and reports each bad one with its line and reason', async () => {
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, [
      'ticket,customer,opened_at,topic,channel',
      'T-1,cust-b1,2025-11-24T16:05:00Z,delivery,support',
      'T-2,,2025-11-24T16:06:00Z,refund,support',
      'T-3,cust-b2,next tuesday,refund,support',
      'T-4,cust-b4,2025-11-24T16:09:00Z,delivery,support',
      `T-5,cust-b5,2025-11-24T16:10:00Z,delivery,${'x'.repeat(80)}`,
      'T-6,cust-b6,2025-11-24T16:11:00Z,too,many,cells',
      // An open quote takes in every line after it, as CSV says: so it can only be the last row here.
      'T-7,cust-b3,2025-11-24T16:08:00Z,"unclosed,support',
      '',
    ].join('\n'));
    const r = await runImport(file, ['--map', 'id=ticket', '--map', 'userId=customer', '--map', 'timestamp=opened_at', '--set', 'name=ticket_opened', '--source', 'helpdesk']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toBe('imported 2, duplicates 0, rejected 5');
    const lines = rejects(file).trim().split('\r\n');
    expect(lines[0]).toBe('line,reasons,row');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '6', '7', '8']);
    expect(lines[1]).toMatch(/^3,userId: empty/);
    expect(lines[2]).toMatch(/^4,"timestamp: ""next tuesday"" is not a date/);
    // Valid here, refused by the collector: its reason comes back with the row's line.
    expect(lines[3]).toMatch(/^6,channel: /);
    expect(lines[4]).toMatch(/^7,has 6 cells; the header has 5/);
    expect(lines[5]).toMatch(/^8,a quoted cell is never closed/);
    const stored = (await exportedEvents(c)).filter((e) => e.name === 'ticket_opened' && e.userId?.startsWith('cust-b'));
    expect(stored.map((e) => [e.userId, e.channel, e.properties.ticket]).sort()).toEqual([['cust-b1', 'support', 'T-1'], ['cust-b4', 'support', 'T-4']]);
  });

  it('resumes a SIGKILLed import where it stopped, ending with the rows and rejects of one uninterrupted run', async () => {
    const file = join(dir, 'resume.csv');
    const truth = writeOrdersAndTickets(file, { rows: 60_000, customers: 500, prefix: 'res', badEvery: 7_000 });
    const { child, done } = importProcess(file, [...ORDERS_AND_TICKETS_MAP, '--concurrency', '2']);
    const state = `${file}.import-state.json`;
    for (let i = 0; i < 1000 && !(existsSync(state) && JSON.parse(readFileSync(state, 'utf8')).rows >= 10_000); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const stoppedAt = JSON.parse(readFileSync(state, 'utf8'));
    expect(stoppedAt.rows).toBeLessThan(60_000);

    const resumed = await runImport(file, [...ORDERS_AND_TICKETS_MAP, '--concurrency', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^resuming .*resume\.csv at line \d+/);
    const [, imported, duplicates, rejected] = /^imported (\d+), duplicates (\d+), rejected (\d+)$/.exec(lastLine(resumed.stdout)!)!.map(Number);
    // Rows sent but not yet checkpointed when it died come back as duplicates, never as new rows.
    expect(imported + duplicates).toBe(truth.goodIds.size);
    expect(rejected).toBe(truth.bad.size);
    expect(existsSync(state)).toBe(false);

    const stored = (await exportedEvents(c)).filter((e) => e.userId?.startsWith('res-'));
    expect(stored.length).toBe(truth.goodIds.size);
    expect(new Set(stored.map((e) => e.properties.row_id))).toEqual(truth.goodIds);
    const rejectedLines = rejects(file).trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(rejectedLines).toEqual([...truth.bad.keys()]);
  }, 300_000);

  it('refuses an unknown server key and a write key, saying what to use', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'row_id,customer,at,event\nx-1,cust-k,2025-01-01T00:00:00Z,order_completed\n');
    const unknown = await runImport(file, ORDERS_AND_TICKETS_MAP, 'sk_unknown_0123456789abcdefghij');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/the collector refused the batch: 401 unknown server key/);
    const writeKey = await runImport(file, ORDERS_AND_TICKETS_MAP, c.writeKey);
    expect(writeKey.code).toBe(2);
    expect(writeKey.stderr).toMatch(/^--key: a server key starts with "sk_"/);
    const badMap = await runImport(file, ['--map', 'userId=client']);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/--map userId=client: the file has no column "client" \(its columns: row_id, customer, at, event\)/);
  });
});

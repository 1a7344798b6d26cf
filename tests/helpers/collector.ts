// Starts a real collector for tests: as a child process (crash, restart and browser tests) or
// in this process (fast API tests). Both listen on 127.0.0.1 with a port the OS picks.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningCollector {
  url: string;
  port: number;
  writeKey: string;
  readToken: string;
  /** The admin token (erasure): from the configuration, the environment or the generated keys file. */
  adminToken: string;
  dbFile: string;
  dataDir: string;
  /** The current process id (changes on restart). */
  readonly pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** Starts again on the same port, database and configuration. */
  restart(): Promise<void>;
}

export interface CollectorOptions {
  /** Configuration object (written to a file and passed with --config). */
  config?: Record<string, unknown>;
  dataDir?: string;
  env?: Record<string, string>;
  port?: number;
  /** A bundled server entry (JS) run with plain node instead of tsx: restarts in a fraction of the time. */
  entry?: string;
  /** false: the full start-up banner (URLs and keys) instead of one line. */
  quiet?: boolean;
}

export async function startCollector(opts: CollectorOptions = {}): Promise<RunningCollector> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'waymark-test-'));
  const dbFile = join(dataDir, 'waymark.db');
  const entry = opts.entry ? [opts.entry] : [`--import`, `tsx`, join(root, 'collector/src/server.ts')];
  const args = [...entry, '--host', '127.0.0.1', '--db', dbFile, ...(opts.quiet === false ? [] : ['--quiet'])];
  if (opts.config) {
    const file = join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(opts.config));
    args.push('--config', file);
  }
  let proc!: ChildProcess;
  let out = '';
  let port = opts.port ?? 0;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      proc = spawn(process.execPath, [...args, '--port', String(port)], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /(?:listening on |analyst UI +)http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          port = Number(m[1]);
          proc.stdout!.off('data', onData);
          proc.stdout!.on('data', (d2: Buffer) => (out += d2.toString()));
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      proc.once('exit', (code) => reject(new Error(`collector exited with ${code} before listening:\n${out}`)));
    });
  const exited = () => new Promise<number | null>((r) => (proc.exitCode !== null || proc.signalCode ? r(proc.exitCode) : proc.once('exit', (c) => r(c))));

  await launch();
  const cfg = opts.config as { sites?: { writeKey: string }[]; readToken?: string; adminToken?: string } | undefined;
  const keys = () => JSON.parse(readFileSync(join(dataDir, 'waymark.keys.json'), 'utf8'));
  const writeKey = cfg?.sites?.[0]?.writeKey ?? keys().writeKey;
  const readToken = cfg?.readToken ?? opts.env?.WAYMARK_READ_TOKEN ?? keys().readToken;
  const adminToken = cfg?.adminToken ?? opts.env?.WAYMARK_ADMIN_TOKEN ?? keys().adminToken;
  return {
    get url() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    writeKey, readToken, adminToken, dbFile, dataDir,
    get pid() { return proc.pid!; },
    output: () => out,
    async stop() { proc.kill('SIGTERM'); return exited(); },
    async kill() { proc.kill('SIGKILL'); await exited(); },
    async restart() { await launch(); },
  };
}

export interface InProcessCollector {
  url: string;
  writeKey: string;
  readToken: string;
  adminToken: string;
  store: Store;
  close(): Promise<void>;
}

/** The app served in this process over real HTTP, on a fresh SQLite file unless a store is given. */
export async function serveCollector(opts: { config?: Record<string, unknown>; store?: Store; now?: () => number } = {}): Promise<InProcessCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'waymark-test-'));
  const config = withDefaults(parseConfig(opts.config ?? {}), dataDir, {});
  const store = opts.store ?? new SqliteStore(join(dataDir, 'waymark.db'));
  const app = createApp({ config, store, now: opts.now, clientIp: (c) => getConnInfo(c).remote.address ?? null });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writeKey: config.sites[0].writeKey,
    readToken: config.readToken,
    adminToken: config.adminToken,
    store,
    async close() {
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}

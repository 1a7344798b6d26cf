// Starts a real collector for tests: as a child process (crash, restart and browser tests), in
// this process over real HTTP (browsers, the network), or in this process without a server
// (appCollector: requests straight to app.request, for tests of what the app answers).
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Context } from 'hono';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { createReadService, type ReadService } from '../../collector/src/read/service.js';
import { workerPasses } from '../../collector/src/read/worker-passes.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningCollector {
  url: string;
  port: number;
  writeKey: string;
  /** The first site's first server key (sites[].serverKeys, or the generated one), or null. */
  serverKey: string | null;
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
  const cfg = opts.config as { sites?: { writeKey: string; serverKeys?: string[] }[]; readToken?: string; adminToken?: string } | undefined;
  const keys = () => JSON.parse(readFileSync(join(dataDir, 'waymark.keys.json'), 'utf8'));
  const writeKey = cfg?.sites?.[0]?.writeKey ?? keys().writeKey;
  const serverKey = cfg?.sites?.length ? cfg.sites[0].serverKeys?.[0] ?? null : keys().serverKey;
  const readToken = cfg?.readToken ?? opts.env?.WAYMARK_READ_TOKEN ?? keys().readToken;
  const adminToken = cfg?.adminToken ?? opts.env?.WAYMARK_ADMIN_TOKEN ?? keys().adminToken;
  return {
    get url() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    writeKey, serverKey, readToken, adminToken, dbFile, dataDir,
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
  serverKey: string | null;
  readToken: string;
  adminToken: string;
  store: Store;
  /** The read service the app's API and UI share. */
  read: ReadService;
  /** Sends a request to this collector: over HTTP (serveCollector), or straight to app.request (appCollector). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

interface AppOptions { config?: Record<string, unknown>; store?: Store; now?: () => number }

/** The app, its configuration and store as the Node entry builds them, on a fresh SQLite file unless a store is given. */
function buildApp(opts: AppOptions, clientIp: (c: Context) => string | null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'waymark-test-'));
  const config = withDefaults(parseConfig(opts.config ?? {}), dataDir, {});
  const store = opts.store ?? new SqliteStore(join(dataDir, 'waymark.db'));
  // The app's own read service, kept so a test can read as the UI does beside the routes.
  const read = createReadService({ config, store, now: opts.now, runPass: workerPasses() });
  const app = createApp({ config, store, now: opts.now, clientIp, read });
  return { app, config, store, read };
}

/**
 * The app in this process without a server: requests go to app.request, no port, no socket.
 * For tests where HTTP itself is not what is tested; the client's IP is 127.0.0.1.
 */
export async function appCollector(opts: AppOptions = {}): Promise<InProcessCollector> {
  const { app, config, store, read } = buildApp(opts, () => '127.0.0.1');
  return {
    // Only an origin for URLs and Origin headers: nothing listens there (.test never resolves).
    url: 'http://collector.test',
    writeKey: config.sites[0].writeKey,
    serverKey: config.sites[0].serverKeys[0] ?? null,
    readToken: config.readToken,
    adminToken: config.adminToken,
    store,
    read,
    fetch: async (input, init) => app.request(input, init),
    close: () => store.close(),
  };
}

/** The app served in this process over real HTTP, on a fresh SQLite file unless a store is given. */
export async function serveCollector(opts: AppOptions = {}): Promise<InProcessCollector> {
  const { app, config, store, read } = buildApp(opts, (c) => getConnInfo(c).remote.address ?? null);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writeKey: config.sites[0].writeKey,
    serverKey: config.sites[0].serverKeys[0] ?? null,
    readToken: config.readToken,
    adminToken: config.adminToken,
    store,
    read,
    fetch: (input, init) => fetch(input, init),
    async close() {
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}

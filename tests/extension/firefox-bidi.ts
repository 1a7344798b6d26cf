// Drives Debian's Firefox ESR over WebDriver BiDi (playwright-core cannot drive a stock Firefox):
// a headless Firefox with a fresh profile, the extension installed as a temporary add-on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const hasFirefox = () => existsSync(FIREFOX_PATH);

export interface Firefox {
  cmd<T = any>(method: string, params: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'waymark-firefox-'));
  writeFileSync(join(profile, 'user.js'), [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("network.proxy.type", 0);',
  ].join('\n'));
  const proc: ChildProcess = spawn(FIREFOX_PATH, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /WebDriver BiDi listening on (ws:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`firefox exited with ${code} before BiDi was ready:\n${out}`)));
  });
  const ws = new WebSocket(`${url}/session`);
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  let id = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    const p = m.id !== undefined ? pending.get(m.id) : undefined;
    if (!p) return;
    pending.delete(m.id);
    if (m.type === 'error') p.reject(new Error(`${p.method}: ${m.error}: ${m.message}`));
    else p.resolve(m.result);
  });
  const cmd = <T>(method: string, params: Record<string, unknown>) => new Promise<T>((resolve, reject) => {
    const i = ++id;
    pending.set(i, { resolve: resolve as (v: unknown) => void, reject, method });
    ws.send(JSON.stringify({ id: i, method, params }));
  });
  await cmd('session.new', { capabilities: {} });
  return {
    cmd,
    async close() {
      await cmd('session.end', {}).catch(() => {});
      ws.close();
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

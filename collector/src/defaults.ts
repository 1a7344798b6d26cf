// What `npm start` needs with no configuration file: one development site, a read token and an
// admin token, each generated once and kept beside the database so they survive restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, type Config } from './config.js';
import { ipSalt } from './ingest/client-ip.js';
import type { SurveyDefinition } from '../../wire/schema.js';

interface DevKeys { writeKey: string; readToken: string; adminToken: string }

const token = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

export function devKeys(dataDir: string): DevKeys {
  const file = join(dataDir, 'waymark.keys.json');
  const kept: Partial<DevKeys> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // A file written before admin tokens existed keeps its keys and gains the missing one.
  const keys: DevKeys = {
    writeKey: kept.writeKey ?? token('wk_dev_', 9),
    readToken: kept.readToken ?? token('rt_', 18),
    adminToken: kept.adminToken ?? token('adm_', 24),
  };
  if (kept.writeKey && kept.readToken && kept.adminToken) return keys;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}

/** With no configuration, the demo shop asks how checkout felt, so explicit emotion shows from the first run. */
export const DEMO_SURVEY: SurveyDefinition = {
  id: 'demo-checkout', instrument: 'emotion5', question: 'How did checkout feel?', followUp: 'Anything we could do better?',
  trigger: { event: 'order_completed' }, sample: 1,
};

export function withDefaults(config: Config, dataDir: string, env = process.env): Config & { readToken: string; adminToken: string } {
  // An empty variable counts as unset: an empty token would match an empty `Bearer `.
  const readToken = config.readToken ?? (env.WAYMARK_READ_TOKEN || undefined);
  const adminToken = config.adminToken ?? (env.WAYMARK_ADMIN_TOKEN || undefined);
  if (!config.adminToken && adminToken !== undefined && !(adminToken.startsWith('adm_') && adminToken.length >= 16)) {
    throw new ConfigError('WAYMARK_ADMIN_TOKEN: must start with "adm_" and be at least 16 characters');
  }
  const keys = config.sites.length === 0 || !readToken || !adminToken ? devKeys(dataDir) : null;
  const resolved = {
    ...config,
    sites: config.sites.length ? config.sites : [{ id: 'dev', writeKey: keys!.writeKey, origins: [] }],
    surveys: config.sites.length || config.surveys.length ? config.surveys : [DEMO_SURVEY],
    readToken: readToken ?? keys!.readToken,
    adminToken: adminToken ?? keys!.adminToken,
    privacy: { ...config.privacy, ipSalt: config.privacy.ipSalt ?? (config.privacy.ip === 'hash' ? ipSalt(dataDir) : undefined) },
  };
  if (resolved.adminToken === resolved.readToken) {
    throw new ConfigError('adminToken (or WAYMARK_ADMIN_TOKEN) must differ from readToken: whoever holds the read token could otherwise erase customers');
  }
  return resolved;
}

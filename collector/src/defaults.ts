// What `npm start` needs with no configuration file: one development site and a read token,
// each generated once and kept beside the database so they survive restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import { ipSalt } from './ingest/client-ip.js';
import type { SurveyDefinition } from './wire.js';

interface DevKeys { writeKey: string; readToken: string }

export function devKeys(dataDir: string): DevKeys {
  const file = join(dataDir, 'waymark.keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = { writeKey: `wk_dev_${randomBytes(9).toString('base64url')}`, readToken: `rt_${randomBytes(18).toString('base64url')}` };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}

/** With no configuration, the demo shop asks how checkout felt, so explicit emotion shows from the first run. */
export const DEMO_SURVEY: SurveyDefinition = {
  id: 'demo-checkout', instrument: 'emotion5', question: 'How did checkout feel?', followUp: 'Anything we could do better?',
  trigger: { event: 'order_completed' }, sample: 1,
};

export function withDefaults(config: Config, dataDir: string, env = process.env): Config & { readToken: string } {
  const needKeys = config.sites.length === 0 || (!config.readToken && !env.WAYMARK_READ_TOKEN);
  const keys = needKeys ? devKeys(dataDir) : null;
  return {
    ...config,
    sites: config.sites.length ? config.sites : [{ id: 'dev', writeKey: keys!.writeKey, origins: [] }],
    surveys: config.sites.length || config.surveys.length ? config.surveys : [DEMO_SURVEY],
    readToken: config.readToken ?? env.WAYMARK_READ_TOKEN ?? keys!.readToken,
    privacy: { ...config.privacy, ipSalt: config.privacy.ipSalt ?? (config.privacy.ip === 'hash' ? ipSalt(dataDir) : undefined) },
  };
}

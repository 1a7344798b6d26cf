// The collector's one configuration file: JSON, validated by zod, every field
// optional. Errors name the field and say what is expected, e.g.
// `config.sites[0].writeKey: must start with "wk_"`.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { STAGES, SurveyDefinitionSchema } from '../../wire/schema.js';
import { ActionSchema } from './actions/schema.js';

const StageRuleSchema = z.object({
  stage: z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` }),
  when: z.object({
    event: z.string().optional(),
    url: z.string().optional(),
    properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }).refine((w) => w.event !== undefined || w.url !== undefined || w.properties !== undefined, {
    message: 'needs at least one of event, url or properties',
  }),
  /** A milestone: a completed purchase, finished onboarding, or a lost customer (back to `stage`). */
  signal: z.enum(['purchased', 'onboarded', 'lost'], { message: 'must be one of purchased, onboarded, lost' }).optional(),
});
export type StageRule = z.infer<typeof StageRuleSchema>;

const SiteSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "-" or "_"'),
  writeKey: z.string().startsWith('wk_', 'must start with "wk_"').min(8, 'is too short (at least 8 characters)'),
  /** Exact origins (`https://shop.example`) or `*` for any; empty means loopback origins only. */
  origins: z.array(z.string()).default([]),
  /**
   * Secret keys of the site's own servers (`Authorization: Bearer sk_…` on POST /v1/batch): what
   * they send is trusted, may name a customer by user id alone and carries its own channel.
   */
  serverKeys: z.array(z.string().startsWith('sk_', 'must start with "sk_"').min(24, 'is too short (at least 24 characters: it is a secret)')).default([]),
  /** When set, `identify` must carry an HMAC-SHA256 of the user id made with this secret. */
  identitySecret: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type Site = z.infer<typeof SiteSchema>;

export const ConfigSchema = z.object({
  sites: z.array(SiteSchema).default([]),
  readToken: z.string().startsWith('rt_', 'must start with "rt_"').min(16, 'is too short (at least 16 characters)').optional(),
  /** Operators' token for destructive actions (erasure), kept apart from the analysts' read token. */
  adminToken: z.string().startsWith('adm_', 'must start with "adm_"').min(16, 'is too short (at least 16 characters)').optional(),
  session: z.object({ timeoutMinutes: z.number().positive().max(24 * 60).default(30) }).default({ timeoutMinutes: 30 }),
  stages: z.array(StageRuleSchema).optional(),
  lifecycle: z.object({
    /** Days after the first purchase from which a customer counts as retained (without finished onboarding). */
    retentionAfterDays: z.number().min(0).default(14),
    /** Days of silence after which a returning customer counts as lapsed; 0 turns it off. */
    lapseAfterDays: z.number().min(0).default(90),
  }).default({ retentionAfterDays: 14, lapseAfterDays: 90 }),
  surveys: z.array(SurveyDefinitionSchema).default([]),
  /** What the UI calls events and pages instead of their raw names (`{ "events": { "order_completed": "Placed an order" } }`). */
  labels: z.object({
    events: z.record(z.string(), z.string().min(1).max(100)).default({}),
    pages: z.record(z.string(), z.string().min(1).max(100)).default({}),
  }).default({ events: {}, pages: {} }),
  /** The customer's goal in each stage, shown in the journey map's first row. */
  stageGoals: z.record(z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` }), z.string().min(1).max(200)).optional(),
  surveyRules: z.object({
    quietDays: z.number().min(0).default(14),
    oncePerCustomer: z.boolean().default(true),
    maxPerSession: z.number().int().min(1).default(1),
  }).default({ quietDays: 14, oncePerCustomer: true, maxPerSession: 1 }),
  limits: z.object({
    /** Sustained events per second per write key before 429; bursts up to 10× are allowed. */
    eventsPerSecond: z.number().positive().default(2000),
    /** Sustained body bytes (decompressed) per second per write key before 429; bursts up to 10×. */
    bytesPerSecond: z.number().positive().optional(),
    /** Rejected events kept per site, newest first; older ones are dropped and counted. */
    quarantineRows: z.number().int('must be a whole number').min(1).default(10_000),
    /** Days a rejected event is kept. */
    quarantineDays: z.number().positive().default(30),
  }).prefault({}).transform((l) => ({
    ...l,
    // An average event of 2 KB (real ones are about 1 KB): raising the events limit raises this one.
    bytesPerSecond: l.bytesPerSecond ?? l.eventsPerSecond * 2048,
  })),
  /** Lifecycle actions: a webhook for each moment (a stage entered, a pain point, …); see actions/. */
  actions: z.array(ActionSchema).default([]),
  privacy: z.object({
    /** How client IPs are kept: not at all, truncated (/24, /48) or salted hash. */
    ip: z.enum(['none', 'truncate', 'hash']).default('truncate'),
    /** Salt for `ip: "hash"`; made once and kept beside the database when not given. */
    ipSalt: z.string().min(16, 'is too short (at least 16 characters)').optional(),
  }).default({ ip: 'truncate' }),
}).superRefine((c, ctx) => {
  const seen = new Map<string, number>();
  c.sites.forEach((s, i) => {
    for (const key of [`id:${s.id}`, `key:${s.writeKey}`]) {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['sites', i, key.startsWith('id') ? 'id' : 'writeKey'], message: `duplicates sites[${seen.get(key)}]` });
      seen.set(key, i);
    }
    // One server key names one site: a request with it needs no writeKey to say which.
    s.serverKeys.forEach((k, j) => {
      if (seen.has(`key:${k}`)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'serverKeys', j], message: `duplicates a key of sites[${seen.get(`key:${k}`)}]` });
      seen.set(`key:${k}`, i);
    });
  });
  const actionIds = new Map<string, number>();
  c.actions.forEach((a, i) => {
    if (actionIds.has(a.id)) ctx.addIssue({ code: 'custom', path: ['actions', i, 'id'], message: `duplicates actions[${actionIds.get(a.id)}]; each delivery is keyed by its action's id` });
    actionIds.set(a.id, i);
  });
  // Survey ids key the display caps in every browser: two surveys with one id would share them.
  const surveyIds = new Map<string, number>();
  c.surveys.forEach((s, i) => {
    if (surveyIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['surveys', i, 'id'], message: `duplicates surveys[${surveyIds.get(s.id)}]; give each survey its own id` });
    surveyIds.set(s.id, i);
  });
});
export type Config = z.infer<typeof ConfigSchema>;
/** A configuration with its sites, read token and admin token resolved (defaults.ts withDefaults): what the app runs with. */
export type ResolvedConfig = Config & { readToken: string; adminToken: string };

export class ConfigError extends Error {}

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), 'config');
}

/** Validates a parsed configuration object; throws a ConfigError listing every bad field. */
export function parseConfig(input: unknown): Config {
  const r = ConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}

export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read configuration file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Configuration file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseConfig(json);
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n(in ${file})`);
  }
}

// What the researcher sets on the options page, kept in storage.local. Parsing is explicit so a
// hand-edited or imported file fails with a message that names the field to fix.

export interface CaptureSettings {
  clicks: boolean;
  submits: boolean;
  scroll: boolean;
  rageClicks: boolean;
  deadClicks: boolean;
  errors: boolean;
  pageLeave: boolean;
}

export interface Settings {
  collectorUrl: string;
  writeKey: string;
  readToken: string;
  capture: CaptureSettings;
}

/** Per site (origin): which event fields to show or hide, which event names to mute. */
export interface SiteProfile {
  show: string[];
  hide: string[];
  muted: string[];
}
export type Profiles = Record<string, SiteProfile>;

export const DEFAULT_CAPTURE: CaptureSettings = {
  clicks: true, submits: true, scroll: true, rageClicks: true, deadClicks: true, errors: true, pageLeave: true,
};

export class SettingsError extends Error {}

function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new SettingsError(`${path}: must be a string`);
  return v.trim();
}

function strings(v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new SettingsError(`${path}: must be a list of strings`);
  return (v as string[]).map((s) => s.trim()).filter(Boolean);
}

export function parseSettings(raw: unknown): Settings {
  const r = (raw ?? {}) as Record<string, unknown>;
  const collectorUrl = str(r.collectorUrl, 'collectorUrl').replace(/\/+$/, '');
  if (collectorUrl && !/^https?:\/\/[^/]+/.test(collectorUrl)) {
    throw new SettingsError(`collectorUrl: "${collectorUrl}" must start with http:// or https://, e.g. http://127.0.0.1:8787`);
  }
  const writeKey = str(r.writeKey, 'writeKey');
  if (writeKey && !writeKey.startsWith('wk_')) throw new SettingsError('writeKey: must start with "wk_" (npm start prints it)');
  const readToken = str(r.readToken, 'readToken');
  if (readToken && !readToken.startsWith('rt_')) throw new SettingsError('readToken: must start with "rt_" (npm start prints it)');
  const c = (r.capture ?? {}) as Record<string, unknown>;
  const capture = { ...DEFAULT_CAPTURE };
  for (const key of Object.keys(DEFAULT_CAPTURE) as (keyof CaptureSettings)[]) {
    if (c[key] === undefined) continue;
    if (typeof c[key] !== 'boolean') throw new SettingsError(`capture.${key}: must be true or false`);
    capture[key] = c[key] as boolean;
  }
  return { collectorUrl, writeKey, readToken, capture };
}

/** Reads an exported profiles file: `{ "https://shop.example": { show, hide, muted } }`. */
export function parseProfiles(raw: unknown): Profiles {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SettingsError('profiles: must be an object keyed by site origin, e.g. {"https://shop.example": {"muted": ["$scroll_depth"]}}');
  }
  const out: Profiles = {};
  for (const [origin, p] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new SettingsError(`profiles["${origin}"]: the key must be an origin like https://shop.example (no path)`);
    const v = (p ?? {}) as Record<string, unknown>;
    out[origin] = {
      show: strings(v.show, `profiles["${origin}"].show`),
      hide: strings(v.hide, `profiles["${origin}"].hide`),
      muted: strings(v.muted, `profiles["${origin}"].muted`),
    };
  }
  return out;
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}

function deletePath(obj: unknown, path: string): void {
  const parts = path.split('.');
  const parent = parts.length === 1 ? obj : getPath(obj, parts.slice(0, -1).join('.'));
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
}

/**
 * The event as the profile wants it shown: with `show` set, only those dotted paths (plus id,
 * type and name, which every row needs); `hide` then removes paths. The original is not changed.
 */
export function applyProfile<T extends { id: string; type: string; name?: string }>(event: T, profile: SiteProfile | undefined): Record<string, unknown> {
  if (!profile) return event as unknown as Record<string, unknown>;
  let view: Record<string, unknown>;
  if (profile.show.length) {
    view = { id: event.id, type: event.type, ...(event.name ? { name: event.name } : {}) };
    for (const path of profile.show) {
      const v = getPath(event, path);
      if (v !== undefined) setPath(view, path, structuredClone(v));
    }
  } else view = structuredClone(event) as unknown as Record<string, unknown>;
  for (const path of profile.hide) deletePath(view, path);
  return view;
}

export function isMuted(name: string | undefined, type: string, profile: SiteProfile | undefined): boolean {
  return !!profile && profile.muted.includes(name ?? type);
}

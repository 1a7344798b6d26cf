// Which browser origins may send events for a site.
import type { Site } from '../config.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (LOOPBACK_HOSTS.has(u.hostname) || u.hostname.endsWith('.localhost'));
  } catch {
    return false;
  }
}

/** A researcher's extension (Waymark's own uploads recorded journeys from its extension page). */
export function isExtensionOrigin(origin: string): boolean {
  return /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin);
}

/**
 * Browsers always send Origin on a cross-origin POST; a request without one comes from a
 * server (off-site touchpoints) or a tool, where the write key alone decides.
 */
export function originAllowed(site: Site, origin: string | null | undefined): boolean {
  if (!origin) return true;
  if (site.origins.includes('*')) return true;
  // A site with no origins listed is a local one: a process on this machine could post without
  // any Origin, so letting extensions in (the researcher's uploads) opens nothing new.
  if (site.origins.length === 0) return isLoopbackOrigin(origin) || isExtensionOrigin(origin);
  return site.origins.includes(origin);
}

/** A browser request's site, or why it may not have one: an unknown write key (401), a foreign origin (403). */
export type BrowserSite = { site: Site } | { status: 401 | 403; error: string };

/**
 * The site a browser request names by its public write key, if `origin` may speak for it: the
 * one check of ingest and of every route the SDK reads for its visitor (the profile).
 */
export function browserSite(sites: ReadonlyMap<string, Site>, writeKey: string | undefined, origin: string | null | undefined): BrowserSite {
  const site = writeKey ? sites.get(writeKey) : undefined;
  if (!site) return { status: 401, error: 'unknown write key; check the writeKey passed to init()' };
  if (!originAllowed(site, origin)) return { status: 403, error: `origin ${origin} is not allowed for site "${site.id}"; add it to sites[].origins` };
  return { site };
}

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

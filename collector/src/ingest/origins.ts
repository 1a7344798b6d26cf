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

/**
 * Browsers always send Origin on a cross-origin POST; a request without one comes from a
 * server (off-site touchpoints) or a tool, where the write key alone decides.
 */
export function originAllowed(site: Site, origin: string | null | undefined): boolean {
  if (!origin) return true;
  if (site.origins.includes('*')) return true;
  if (site.origins.length === 0) return isLoopbackOrigin(origin);
  return site.origins.includes(origin);
}

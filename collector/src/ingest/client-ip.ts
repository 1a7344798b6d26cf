// What the collector keeps of a sender's IP address (config.privacy.ip): nothing, the network
// part only (IPv4 /24, IPv6 /48, as Google Analytics and Matomo anonymise), or a salted hash
// that still tells visitors apart without revealing them. Raw addresses are never stored.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';

export type IpMode = 'none' | 'truncate' | 'hash';

export function truncateIp(ip: string): string | null {
  // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
  const v4 = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(v4)) return v4.split('.').slice(0, 3).concat('0').join('.');
  if (!isIPv6(ip)) return null;
  return `${expandIpv6(ip).slice(0, 3).join(':')}::`;
}

function expandIpv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('%')[0].split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => (parseInt(g, 16) || 0).toString(16));
}

export function hashIp(ip: string, salt: string): string {
  return createHash('sha256').update(salt).update('\0').update(ip).digest('base64url').slice(0, 22);
}

/** The value to store for `ip` under `mode`; null when nothing may or can be kept. */
export function storedIp(ip: string | null | undefined, mode: IpMode, salt?: string): string | null {
  if (!ip || mode === 'none') return null;
  if (mode === 'hash') {
    if (!salt) throw new Error('privacy.ip is "hash" but no salt is set; set privacy.ipSalt or let withDefaults() create one');
    return hashIp(ip, salt);
  }
  return truncateIp(ip);
}

/** A salt made once and kept beside the database, so hashes stay comparable across restarts. */
export function ipSalt(dataDir: string): string {
  const file = join(dataDir, 'waymark.salt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const salt = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, salt + '\n', { mode: 0o600 });
  return salt;
}

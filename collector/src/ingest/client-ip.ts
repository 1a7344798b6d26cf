// What the collector keeps of a sender's IP address (config.privacy.ip): nothing, the network
// part only (IPv4 /24, IPv6 /48, as Google Analytics and Matomo anonymise), or a salted hash
// that still tells visitors apart without revealing them. Raw addresses are never stored.
// Web Crypto and no Node modules, so ingest runs on any runtime that serves the app.

export type IpMode = 'none' | 'truncate' | 'hash';

// The patterns node:net checks addresses with, written out so they need no Node: client-ip.test.ts
// holds them to node:net's isIPv4 and isIPv6.
const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = '(?:[0-9a-fA-F]{1,4})';
const IPV4 = new RegExp(`^${V4}$`);
const IPV6 = new RegExp('^(?:'
  + `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|`
  + `(?:${V6_SEG}:){6}(?:${V4}|:${V6_SEG}|:)|`
  + `(?:${V6_SEG}:){5}(?::${V4}|(?::${V6_SEG}){1,2}|:)|`
  + `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4}|(?::${V6_SEG}){1,3}|:)|`
  + `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4}|(?::${V6_SEG}){1,4}|:)|`
  + `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4}|(?::${V6_SEG}){1,5}|:)|`
  + `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4}|(?::${V6_SEG}){1,6}|:)|`
  + `(?::(?:(?::${V6_SEG}){0,5}:${V4}|(?::${V6_SEG}){1,7}|:))`
  + ')(?:%[0-9a-zA-Z-.:]{1,})?$');
export const isIPv4 = (ip: string) => IPV4.test(ip);
export const isIPv6 = (ip: string) => IPV6.test(ip);

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

/** SHA-256 of the salt, a NUL and the address, base64url, 22 characters (132 bits). */
export async function hashIp(ip: string, salt: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}\0${ip}`)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 22);
}

/** The value to store for `ip` under `mode`; null when nothing may or can be kept. */
export async function storedIp(ip: string | null | undefined, mode: IpMode, salt?: string): Promise<string | null> {
  if (!ip || mode === 'none') return null;
  if (mode === 'hash') {
    if (!salt) throw new Error('privacy.ip is "hash" but no salt is set; set privacy.ipSalt or let withDefaults() create one');
    return hashIp(ip, salt);
  }
  return truncateIp(ip);
}

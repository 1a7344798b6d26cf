// Stable event ids for imported rows: UUIDv5 (RFC 9562 §5.5) of the site, the source and the
// row's own key. Importing a file again, or a later export that repeats some rows, makes the
// same ids, and the collector counts them as duplicates instead of storing them twice.
import { createHash } from 'node:crypto';

/** The namespace of every imported event id (a random UUID fixed once for Waymark). */
export const IMPORT_NAMESPACE = '6d0f3c52-6a1e-4b8e-9a57-2f4c1d7e8b90';

const bytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function uuidv5(name: string, namespace: string = IMPORT_NAMESPACE): string {
  const h = createHash('sha1').update(bytes(namespace)).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The id of the row keyed `key` from `source` for `site`; NUL separates the parts so none can pose as another. */
export const importEventId = (site: string, source: string, key: string): string => uuidv5(`${site}\u0000${source}\u0000${key}`);

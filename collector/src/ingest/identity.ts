// Signed identities. The write key is public, so anyone can send
// `identify` for any user id. A site that sets `identitySecret` makes its backend sign each user
// id; the signature travels in `traits.$signature` so every SDK version and server sender can
// pass it without a new API. Unsigned or wrongly signed identifies are kept but flagged, and
// journey stitching ignores flagged events. An alias also names a second id, its previousId:
// signing only the new user id would let anyone sign in as herself and alias a victim's user id
// into her own customer, so a previousId counts as a proven user id only with a signature of its
// own (`traits.$previousSignature`); otherwise the alias is flagged `previous_id_unverified`.
// Web Crypto (crypto.subtle), so ingest runs on any runtime that serves the app.

export const UNVERIFIED_IDENTITY = 'identity_unverified';
export const UNVERIFIED_PREVIOUS_ID = 'previous_id_unverified';
export const SIGNATURE_TRAIT = '$signature';
export const PREVIOUS_SIGNATURE_TRAIT = '$previousSignature';

const encoder = new TextEncoder();
/** One key per site secret, imported once. */
const keys = new Map<string, Promise<CryptoKey>>();
const hmacKey = (secret: string) => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])));
  return key;
};

/** The signature a site's backend makes: hex HMAC-SHA256 of the user id keyed by the site's secret. */
export async function signUserId(secret: string, userId: string): Promise<string> {
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(userId)));
  return Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether `signature` is the user id's; compared in constant time (crypto.subtle.verify). */
export async function signatureValid(secret: string, userId: string, signature: unknown): Promise<boolean> {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const bytes = Uint8Array.from(signature.match(/../g)!, (h) => parseInt(h, 16));
  return crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, encoder.encode(userId));
}

type IdentityClaims = { type: string; userId?: string; previousId?: string; traits?: Record<string, unknown> };

/** identityFlags for a site without a secret: nothing to verify, so no waiting. */
export function unsignedSiteFlags(e: IdentityClaims): string[] {
  return e.type === 'alias' && e.previousId && e.previousId !== e.userId ? [UNVERIFIED_PREVIOUS_ID] : [];
}

/**
 * Flags an event whose user id a site with a secret did not sign. Every event carrying a userId
 * is checked, not just identify and alias: a spoofer could otherwise claim a user with a plain
 * `track` that has a userId. The SDK stamps the user id on events after a signed identify without
 * signing them again; those are flagged too, and stitching still attributes them through the
 * signed identify of their anonymous id.
 *
 * An alias whose previousId is another id is flagged `previous_id_unverified` unless the site has
 * a secret and the alias carries that secret's signature of the previousId: on every site, an
 * unproven previousId never merges two users, and joins an anonymous id only when no other user
 * claims it (journey/stitch-identities.ts).
 */
export async function identityFlags(secret: string | undefined, e: IdentityClaims): Promise<string[]> {
  if (!secret) return unsignedSiteFlags(e);
  const flags: string[] = [];
  if (secret && e.userId && !(await signatureValid(secret, e.userId, e.traits?.[SIGNATURE_TRAIT]))) flags.push(UNVERIFIED_IDENTITY);
  if (e.type === 'alias' && e.previousId && e.previousId !== e.userId
    && !(secret && (await signatureValid(secret, e.previousId, e.traits?.[PREVIOUS_SIGNATURE_TRAIT])))) flags.push(UNVERIFIED_PREVIOUS_ID);
  return flags;
}

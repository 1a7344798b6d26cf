// Signed identities. The write key is public, so anyone can send
// `identify` for any user id. A site that sets `identitySecret` makes its backend sign each user
// id; the signature travels in `traits.$signature` so every SDK version and server sender can
// pass it without a new API. Unsigned or wrongly signed identifies are kept but flagged, and
// journey stitching ignores flagged events. An alias also names a second id, its previousId:
// signing only the new user id would let anyone sign in as herself and alias a victim's user id
// into her own customer, so a previousId counts as a proven user id only with a signature of its
// own (`traits.$previousSignature`); otherwise the alias is flagged `previous_id_unverified`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UNVERIFIED_IDENTITY = 'identity_unverified';
export const UNVERIFIED_PREVIOUS_ID = 'previous_id_unverified';
export const SIGNATURE_TRAIT = '$signature';
export const PREVIOUS_SIGNATURE_TRAIT = '$previousSignature';

/** The signature a site's backend makes: hex HMAC-SHA256 of the user id keyed by the site's secret. */
export function signUserId(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

export function signatureValid(secret: string, userId: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signUserId(secret, userId), 'hex'), Buffer.from(signature, 'hex'));
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
export function identityFlags(
  secret: string | undefined,
  e: { type: string; userId?: string; previousId?: string; traits?: Record<string, unknown> },
): string[] {
  const flags: string[] = [];
  if (secret && e.userId && !signatureValid(secret, e.userId, e.traits?.[SIGNATURE_TRAIT])) flags.push(UNVERIFIED_IDENTITY);
  if (e.type === 'alias' && e.previousId && e.previousId !== e.userId
    && !(secret && signatureValid(secret, e.previousId, e.traits?.[PREVIOUS_SIGNATURE_TRAIT]))) flags.push(UNVERIFIED_PREVIOUS_ID);
  return flags;
}

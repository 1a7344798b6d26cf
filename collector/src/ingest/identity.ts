// Signed identities (DESIGN §2, issue 9 scenario 6). The write key is public, so anyone can send
// `identify` for any user id. A site that sets `identitySecret` makes its backend sign each user
// id; the signature travels in `traits.$signature` so every SDK version and server sender can
// pass it without a new API. Unsigned or wrongly signed identifies are kept but flagged, and
// journey stitching ignores flagged events.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UNVERIFIED_IDENTITY = 'identity_unverified';
export const SIGNATURE_TRAIT = '$signature';

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
 */
export function identityFlags(
  secret: string | undefined,
  e: { type: string; userId?: string; traits?: Record<string, unknown> },
): string[] {
  if (!secret || !e.userId) return [];
  return signatureValid(secret, e.userId, e.traits?.[SIGNATURE_TRAIT]) ? [] : [UNVERIFIED_IDENTITY];
}

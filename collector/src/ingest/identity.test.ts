import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identityFlags, signatureValid, signUserId, UNVERIFIED_IDENTITY, UNVERIFIED_PREVIOUS_ID } from './identity.js';

const secret = 'site-secret-0123456789';
const good = createHmac('sha256', secret).update('user-42').digest('hex');
const signed = (userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

describe('signUserId', () => {
  it('is the documented one-liner (hex HMAC-SHA256 of the user id)', async () => {
    expect(await signUserId(secret, 'user-42')).toBe(good);
  });
});

describe('identityFlags', () => {
  it.each([
    ['no secret: nothing is checked', undefined, { type: 'identify', userId: 'user-42' }, []],
    ['signed identify', secret, { type: 'identify', userId: 'user-42', traits: { $signature: good } }, []],
    ['signature in upper case hex', secret, { type: 'identify', userId: 'user-42', traits: { $signature: good.toUpperCase() } }, []],
    ['unsigned identify', secret, { type: 'identify', userId: 'user-42' }, [UNVERIFIED_IDENTITY]],
    ['signature of another user', secret, { type: 'identify', userId: 'admin', traits: { $signature: good } }, [UNVERIFIED_IDENTITY]],
    ['signature made with another secret', secret, { type: 'identify', userId: 'user-42', traits: { $signature: createHmac('sha256', 'other-secret-000000').update('user-42').digest('hex') } }, [UNVERIFIED_IDENTITY]],
    ['signature of the wrong type', secret, { type: 'identify', userId: 'user-42', traits: { $signature: 12 } }, [UNVERIFIED_IDENTITY]],
    ['truncated signature', secret, { type: 'identify', userId: 'user-42', traits: { $signature: good.slice(0, 63) } }, [UNVERIFIED_IDENTITY]],
    ['unsigned alias is an identity claim too', secret, { type: 'alias', userId: 'user-42' }, [UNVERIFIED_IDENTITY]],
    ['signed alias, previousId signed too: both ids proven', secret,
      { type: 'alias', userId: 'user-42', previousId: 'old-7', traits: { $signature: good, $previousSignature: signed('old-7') } }, []],
    ['signed alias naming someone else\'s id: the previousId is unproven', secret,
      { type: 'alias', userId: 'user-42', previousId: 'victim', traits: { $signature: good } }, [UNVERIFIED_PREVIOUS_ID]],
    ['signed alias whose previousId signature is the user id\'s own', secret,
      { type: 'alias', userId: 'user-42', previousId: 'victim', traits: { $signature: good, $previousSignature: good } }, [UNVERIFIED_PREVIOUS_ID]],
    ['no secret: an alias\'s previousId is never proven', undefined,
      { type: 'alias', userId: 'user-42', previousId: 'victim' }, [UNVERIFIED_PREVIOUS_ID]],
    ['an alias whose previousId is its own user id links nothing', secret,
      { type: 'alias', userId: 'user-42', previousId: 'user-42', traits: { $signature: good } }, []],
    ['a page view without a user id carries no claim', secret, { type: 'page' }, []],
    ['a track with an unsigned user id is a claim too', secret, { type: 'track', userId: 'user-42' }, [UNVERIFIED_IDENTITY]],
  ])('%s', async (_name, s, event, flags) => {
    expect(await identityFlags(s, event as any)).toEqual(flags);
  });

  it('rejects a non-hex signature of the right length without throwing', async () => {
    expect(await signatureValid(secret, 'user-42', 'z'.repeat(64))).toBe(false);
  });
});

import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, webhookHeaders } from './signature.js';
import { nextAttemptAt, GIVE_UP_AFTER_MS } from './retry.js';

const SECRET = `whsec_${btoa('a signing key of 32 bytes, ok?!!')}`;

describe('Standard Webhooks signatures', () => {
  it('verify with the standardwebhooks package, and fail for another body, secret or old timestamp', async () => {
    const body = JSON.stringify({ action: 'welcome', customerId: 'u1' });
    const now = Date.now();
    const headers = await webhookHeaders(SECRET, 'msg_1', body, now);
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(SECRET).verify(body.replace('u1', 'u2'), headers)).toThrow();
    expect(() => new Webhook(`whsec_${btoa('another key of thirty-two bytes!')}`).verify(body, headers)).toThrow();
    const old = await webhookHeaders(SECRET, 'msg_1', body, now - 10 * 60_000);
    expect(() => new Webhook(SECRET).verify(body, old)).toThrow(/timestamp/i);
  });

  it('signs "<id>.<timestamp>.<body>" (the specification\'s example)', async () => {
    // The example in the Standard Webhooks specification.
    const sig = await signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});

describe('retry schedule', () => {
  const H = 3_600_000;
  it.each([
    // attempts, first attempt, now, random → next attempt (null: dead)
    [1, 0, 0, 0.5, 2_500],
    [1, 0, 0, 0, 1_000],
    [3, 0, 60_000, 0.999, 60_000 + 19_980],
    [20, 0, H, 0.5, H + H],
    [20, 0, 23.5 * H, 0.9, GIVE_UP_AFTER_MS],
    [21, 0, 24 * H, 0.5, null],
  ])('after %i failures (first at %i, now %i, jitter %f) → %s', (attempts, first, now, random, expected) => {
    expect(nextAttemptAt(attempts, first, now, random)).toBe(expected);
  });
});

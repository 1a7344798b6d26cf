import fc from 'fast-check';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { hashIp, isIPv4, isIPv6, storedIp, truncateIp } from './client-ip.js';

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:203.0.113.77', '203.0.113.0'],
    ['127.0.0.1', '127.0.0.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['not an ip', null],
    ['', null],
  ])('%s → %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });
});

describe('storedIp', () => {
  const salt = 'a-salt-of-sixteen+chars';
  it.each([
    ['none keeps nothing', '203.0.113.77', 'none', null],
    ['truncate keeps the /24', '203.0.113.77', 'truncate', '203.0.113.0'],
    // What Node's crypto makes of the same input: the digest is the one stored before Web Crypto.
    ['hash keeps a salted digest', '203.0.113.77', 'hash', createHash('sha256').update(salt).update('\0').update('203.0.113.77').digest('base64url').slice(0, 22)],
    ['no address, nothing stored', null, 'truncate', null],
  ] as const)('%s', async (_n, ip, mode, expected) => {
    expect(await storedIp(ip, mode, salt)).toBe(expected);
  });

  it('never returns the raw address, and hashes differ per salt', async () => {
    const h = (await storedIp('203.0.113.77', 'hash', salt))!;
    expect(h).not.toContain('203.0.113');
    expect(await hashIp('203.0.113.77', salt)).toBe(h);
    expect(await storedIp('203.0.113.77', 'hash', 'another-salt-of-16ch')).not.toBe(h);
    expect(await storedIp('203.0.113.78', 'hash', salt)).not.toBe(h);
  });

  it('refuses to hash without a salt, saying what to set', async () => {
    await expect(storedIp('203.0.113.77', 'hash')).rejects.toThrow(/privacy.ipSalt/);
  });
});

describe('isIPv4 and isIPv6', () => {
  const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  const v4 = fc.tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 300 }))).map((p) => p.join('.'));
  const v6 = fc.array(hex, { minLength: 1, maxLength: 9 }).chain((groups) => fc.integer({ min: 0, max: groups.length }).map((cut) =>
    cut === groups.length ? groups.join(':') : `${groups.slice(0, cut).join(':')}::${groups.slice(cut + 1).join(':')}`));
  const noise = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg.:%'.split('')), maxLength: 45 });

  it.each(['203.0.113.77', '01.2.3.4', '256.1.1.1', '::', '::1', '::ffff:203.0.113.77', '1::2::3', 'fe80::1%eth0', '2001:db8::', '1:2:3:4:5:6:7:8:9', ''])('%j: as node:net says', (ip) => {
    expect([isIPv4(ip), isIPv6(ip)]).toEqual([net.isIPv4(ip), net.isIPv6(ip)]);
  });

  it('agree with node:net on addresses and near misses', () => {
    fc.assert(fc.property(fc.oneof(v4, v6, noise), (ip) => {
      expect([isIPv4(ip), isIPv6(ip)]).toEqual([net.isIPv4(ip), net.isIPv6(ip)]);
    }), { numRuns: 3000 });
  });
});

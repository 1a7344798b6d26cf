import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashIp, ipSalt, storedIp, truncateIp } from './client-ip.js';

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
    ['hash keeps a salted digest', '203.0.113.77', 'hash', hashIp('203.0.113.77', salt)],
    ['no address, nothing stored', null, 'truncate', null],
  ] as const)('%s', (_n, ip, mode, expected) => {
    expect(storedIp(ip, mode, salt)).toBe(expected);
  });

  it('never returns the raw address, and hashes differ per salt', () => {
    const h = storedIp('203.0.113.77', 'hash', salt)!;
    expect(h).not.toContain('203.0.113');
    expect(storedIp('203.0.113.77', 'hash', 'another-salt-of-16ch')).not.toBe(h);
    expect(storedIp('203.0.113.78', 'hash', salt)).not.toBe(h);
  });

  it('refuses to hash without a salt, saying what to set', () => {
    expect(() => storedIp('203.0.113.77', 'hash')).toThrow(/privacy.ipSalt/);
  });
});

describe('ipSalt', () => {
  it('is made once and kept beside the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-salt-'));
    const first = ipSalt(dir);
    expect(first.length).toBeGreaterThanOrEqual(16);
    expect(ipSalt(dir)).toBe(first);
  });
});

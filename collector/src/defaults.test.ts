import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipSalt } from './defaults.js';

describe('ipSalt', () => {
  it('is made once and kept beside the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-salt-'));
    const first = ipSalt(dir);
    expect(first.length).toBeGreaterThanOrEqual(16);
    expect(ipSalt(dir)).toBe(first);
  });
});

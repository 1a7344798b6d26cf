// The SDK's size: no zod in it, and the core within its budget (gzip level 9, the one number in
// sdk/build.ts that the build's warning and `npm run bench -- sdk` use too).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SIZE_BUDGET_GZIP } from '../../sdk/build.js';

const dist = fileURLToPath(new URL('../../dist/sdk/', import.meta.url));
const BUDGET = SIZE_BUDGET_GZIP;

describe('the SDK bundle', () => {
  it('exists (run `npm run build`)', () => {
    expect(existsSync(`${dist}waymark.iife.js`)).toBe(true);
  });

  it(`waymark.iife.js is at most ${BUDGET} B gzip`, () => {
    const gz = gzipSync(readFileSync(`${dist}waymark.iife.js`), { level: 9 }).length;
    expect(gz, `waymark.iife.js is ${gz} B gzip`).toBeLessThanOrEqual(BUDGET);
  });

  it('carries no zod (the wire format is imported as types only)', () => {
    const code = readFileSync(`${dist}waymark.iife.js`, 'utf8');
    expect(code).not.toMatch(/ZodError|\$ZodType|zod/);
  });

  it('defines the global `waymark` the snippet expects', () => {
    expect(readFileSync(`${dist}waymark.iife.js`, 'utf8')).toMatch(/^var waymark=/);
  });
});

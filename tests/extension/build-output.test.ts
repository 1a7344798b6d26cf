// What `npm run build` wrote for each browser: the manifests differ only where the browsers do,
// and `web-ext lint` finds no errors in either (the build itself also fails on lint errors).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLint, lintExtension } from '../../extension/lint.js';
import { chromiumDir, firefoxDir, requireBuiltExtension } from './fixtures.js';

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('built extension', () => {
  it('declares the relay content script for http(s) pages at document_start, with minimal permissions', () => {
    requireBuiltExtension();
    for (const dir of [chromiumDir, firefoxDir]) {
      const m = manifest(dir);
      expect(m.manifest_version).toBe(3);
      expect(m.content_scripts).toEqual([
        { matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_start', all_frames: false },
        { matches: ['http://*/*', 'https://*/*'], js: ['page-relay.js'], run_at: 'document_start', all_frames: false, world: 'MAIN' },
      ]);
      expect(m.permissions).toEqual(['storage', 'webRequest']);
      expect(m.host_permissions).toBeUndefined();
      expect(m.version).toBe(JSON.parse(readFileSync(join(dir, '../../../package.json'), 'utf8')).version);
    }
    expect(manifest(chromiumDir).background.service_worker).toBe('background.js');
    expect(manifest(firefoxDir).background).toEqual({ scripts: ['background.js'] });
    expect(manifest(firefoxDir).browser_specific_settings.gecko.id).toBe('waymark-inspector@waymark.dev');
  });

  it.each([['chromium', chromiumDir], ['firefox', firefoxDir]])('web-ext lint finds no errors in the %s build', async (name, dir) => {
    requireBuiltExtension();
    const result = await lintExtension(dir);
    expect(result.errors, formatLint(`dist/extension/${name}`, result)).toEqual([]);
  }, 120_000);
});

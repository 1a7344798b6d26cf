import type { RollupOptions } from 'rollup';

// Filled in by the extension: dist/extension/chromium and dist/extension/firefox.
export function extensionBuild(): RollupOptions[] {
  return [];
}

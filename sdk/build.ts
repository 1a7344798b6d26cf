import type { RollupOptions } from 'rollup';

// Filled in by the SDK: dist/sdk/waymark.iife.js, waymark.mjs, the survey widget chunk.
export function sdkBuild(): RollupOptions[] {
  return [];
}

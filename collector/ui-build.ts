import type { RollupOptions } from 'rollup';

// Filled in by the analyst UI: its client scripts in dist/ui.
export function uiBuild(): RollupOptions[] {
  return [];
}

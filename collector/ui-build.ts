// The analyst UI's client scripts: one small file per page that needs interaction, written to
// dist/ui/ and served at /ui/assets/. Pages work without them (server-rendered); the total
// gzip size is a budget the build enforces.
import type { Plugin, RollupOptions } from 'rollup';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const UI_DIST = join(here, '../dist/ui');
export const UI_ENTRIES = ['loading', 'map', 'flows'];
/** Every UI script together, gzip. */
export const UI_JS_BUDGET_GZIP = 50 * 1024;

function budget(): Plugin {
  return {
    name: 'waymark-ui-budget',
    generateBundle(_opts, bundle) {
      const total = Object.values(bundle).reduce((t, c) => t + (c.type === 'chunk' ? gzipSync(c.code, { level: 9 }).length : 0), 0);
      if (total > UI_JS_BUDGET_GZIP) this.error(`the analyst UI's scripts are ${total} B gzip, over the ${UI_JS_BUDGET_GZIP} B budget; render on the server instead`);
    },
  };
}

export function uiBuild(): RollupOptions[] {
  return [{
    input: Object.fromEntries(UI_ENTRIES.map((e) => [e, join(here, `src/ui/client/${e}.ts`)])),
    output: { dir: UI_DIST, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    plugins: [
      esbuild({ target: 'es2020', tsconfig: join(here, '../tsconfig.json') }),
      terser({ ecma: 2020, format: { comments: false } }),
      budget(),
    ],
  }];
}

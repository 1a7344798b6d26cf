// The SDK's rollup builds: dist/sdk/waymark.iife.js (global `waymark`, what the snippet loads),
// dist/sdk/waymark.mjs (ESM for bundlers), waymark.d.ts (made from src/types.ts), the web-vitals plugin, the profile part, and the survey
// widget as its own file when its source exists. The IIFE's gzip size is a budget: the build
// warns when it is over, and tests/sdk/size.test.ts (part of `npm test`) fails. The build itself
// does not fail, so one part over its budget does not stop the others' builds.
import type { Plugin, RollupOptions } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { publicTypes } from './public-types';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../dist/sdk');
/**
 * The size budgets, gzip level 9, one number each for the build's warning, tests/sdk/size.test.ts,
 * the benchmarks and the READMEs: the core (autocapture, identity, outbox, delivery) and the
 * lazily loaded survey widget.
 */
export const SIZE_BUDGET_GZIP = 7168;
export const SURVEY_BUDGET_GZIP = 4096;

const plugins = () => [
  nodeResolve({ browser: true }),
  esbuild({ target: 'es2020', tsconfig: join(here, '../tsconfig.json') }),
  terser({ ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, format: { comments: false } }),
];

/** Warns when a bundle's gzip size is over `budget`; fails the build if zod slipped in. */
function budget(budgetBytes: number): Plugin {
  return {
    name: 'waymark-size-budget',
    generateBundle(_opts, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (Object.keys(chunk.modules).some((m) => m.includes('node_modules/zod'))) {
          this.error(`${chunk.fileName} contains zod: import the wire format with "import type" only`);
        }
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        if (gz > budgetBytes) this.warn(`${chunk.fileName} is ${gz} B gzip, over its budget of ${budgetBytes} B; make it smaller or move a capture to a plugin`);
      }
    },
  };
}

function typesFile(): Plugin {
  return {
    name: 'waymark-types',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'waymark.d.ts', source: publicTypes() });
    },
  };
}

export function sdkBuild(): RollupOptions[] {
  const builds: RollupOptions[] = [
    {
      input: join(here, 'src/iife.ts'),
      output: { file: join(out, 'waymark.iife.js'), format: 'iife', name: 'waymark', exports: 'default' },
      plugins: [...plugins(), budget(SIZE_BUDGET_GZIP)],
    },
    {
      input: join(here, 'src/index.ts'),
      output: { file: join(out, 'waymark.mjs'), format: 'es' },
      plugins: [...plugins(), budget(SIZE_BUDGET_GZIP), typesFile()],
    },
  ];
  builds.push({ input: join(here, 'src/plugins/web-vitals.ts'), output: { file: join(out, 'waymark-web-vitals.js'), format: 'iife' }, plugins: plugins() });
  builds.push({ input: join(here, 'src/profile/part.ts'), output: { file: join(out, 'waymark-profile.js'), format: 'iife' }, plugins: plugins() });
  const widget = join(here, 'src/survey/widget.ts');
  if (existsSync(widget)) {
    builds.push({ input: widget, output: { file: join(out, 'waymark-survey.js'), format: 'iife' }, plugins: [...plugins(), budget(SURVEY_BUDGET_GZIP)] });
  }
  return builds;
}

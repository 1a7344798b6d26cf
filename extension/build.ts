// Builds the extension for Chromium and Firefox from one source: each entry is bundled once as
// an IIFE and written to both outputs; the last build writes the manifests, pages and icons and
// runs `web-ext lint` on both directories, failing the build on any lint error.
import type { Plugin, RollupOptions } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import esbuild from 'rollup-plugin-esbuild';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestFor, type Target } from './manifest';
import { iconPng } from './icons';
import { formatLint, lintExtension } from './lint';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
export const TARGETS: Target[] = ['chromium', 'firefox'];
export const outDir = (target: Target) => join(root, 'dist/extension', target);

const ENTRIES = ['background', 'content', 'page-relay', 'popup', 'panel', 'devtools', 'options', 'recordings'] as const;

function assetsAndLint(): Plugin {
  return {
    name: 'waymark-extension-assets',
    async writeBundle() {
      const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
      for (const target of TARGETS) {
        const dir = outDir(target);
        mkdirSync(join(dir, 'icons'), { recursive: true });
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifestFor(target, version), null, 2));
        cpSync(join(here, 'static'), dir, { recursive: true });
        for (const size of [16, 32, 48, 128]) writeFileSync(join(dir, 'icons', `${size}.png`), iconPng(size));
      }
      if (process.env.WAYMARK_SKIP_LINT === '1') return;
      for (const target of TARGETS) {
        const result = await lintExtension(outDir(target));
        const report = formatLint(`dist/extension/${target}`, result);
        if (result.errors.length) this.error(report);
        if (result.warnings.length) this.warn(report);
      }
    },
  };
}

export function extensionBuild(): RollupOptions[] {
  return ENTRIES.map((entry, i) => ({
    input: join(here, 'src', `${entry}.ts`),
    output: TARGETS.map((target) => ({ file: join(outDir(target), `${entry}.js`), format: 'iife' as const, sourcemap: false })),
    plugins: [
      nodeResolve({ browser: true }),
      commonjs(),
      esbuild({ target: 'es2022', minify: false, legalComments: 'none' }),
      ...(i === ENTRIES.length - 1 ? [assetsAndLint()] : []),
    ],
    onwarn(warning, warn) {
      // zod and the polyfill use `this` at module level in ways that are harmless in an IIFE;
      // zod's comments that rollup cannot place are harmless too.
      if (['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION'].includes(warning.code ?? '')) return;
      warn(warning);
    },
  }));
}

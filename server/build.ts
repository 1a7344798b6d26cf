// The Node client's rollup build: dist/server/index.mjs (ESM, Node 20+, no dependencies) and its
// typings, dist/server/index.d.ts, declared from the sources by the TypeScript compiler, so the
// event types come straight from the wire format module.
import type { Plugin, RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'dist/server');

/** Declarations of src/ and of the wire types it names, under dist/server/types/, and an index.d.ts pointing at them. */
function typings(): Plugin {
  return {
    name: 'waymark-server-types',
    generateBundle() {
      const program = ts.createProgram([join(here, 'src/index.ts')], {
        declaration: true, emitDeclarationOnly: true, strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], rootDir: root, outDir: join(out, 'types'),
      });
      const result = program.emit();
      const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length) this.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
      const entry = relative(out, join(out, 'types/server/src/index.js')).replace(/\\/g, '/');
      this.emitFile({ type: 'asset', fileName: 'index.d.ts', source: `export * from './${entry}';\n` });
    },
  };
}

export function serverBuild(): RollupOptions[] {
  return [{
    input: join(here, 'src/index.ts'),
    output: { file: join(out, 'index.mjs'), format: 'es' },
    external: (id) => id.startsWith('node:'),
    plugins: [esbuild({ target: 'node20', tsconfig: join(root, 'tsconfig.json') }), typings()],
  }];
}

// Bundles a TypeScript entry once per test run (esbuild, packages left external), so processes
// that are killed and restarted many times start in a fraction of a second instead of paying
// tsx's start-up each time. The output sits two levels below the repository root, as the
// sources do, so bare imports and root-relative paths (static files) still resolve.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = new Map<string, Promise<string>>();

export function bundled(entryFromRoot: string): Promise<string> {
  let p = built.get(entryFromRoot);
  if (!p) {
    const dir = join(root, 'node_modules/.waymark-tests');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `${basename(entryFromRoot, '.ts')}-${process.pid}.mjs`);
    p = build({
      entryPoints: [join(root, entryFromRoot)], outfile, bundle: true, platform: 'node', format: 'esm',
      packages: 'external', target: 'node20', logLevel: 'error',
    }).then(() => {
      process.once('exit', () => rmSync(outfile, { force: true }));
      return outfile;
    });
    built.set(entryFromRoot, p);
  }
  return p;
}

// app.ts is the runtime-neutral collector: what it imports, all the way down, must run wherever
// Hono does. Node (database drivers, worker threads, the file system) comes in through server.ts.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('reaches no Node module and no database driver through its imports', async () => {
  const { metafile } = await build({
    entryPoints: [fileURLToPath(new URL('./app.ts', import.meta.url))],
    bundle: true, write: false, metafile: true, platform: 'neutral', format: 'esm', packages: 'external', logLevel: 'silent',
  });
  const packages = new Set(Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path.split('/')[0])));
  expect([...packages].sort()).toEqual(['hono', 'zod']);
  // And it does reach the routes: a bundle of nothing would pass the check above too.
  expect(Object.keys(metafile.inputs).some((f) => f.endsWith('read/service.ts'))).toBe(true);
});

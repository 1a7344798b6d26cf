// Builds just the extension (`npx tsx extension/build-only.ts`), for working on it without
// rebuilding the SDK and the analyst UI; `npm run build` builds everything.
import { rollup, type OutputOptions } from 'rollup';
import { extensionBuild } from './build';

for (const options of extensionBuild()) {
  const bundle = await rollup(options);
  for (const out of [options.output].flat() as OutputOptions[]) await bundle.write(out);
  await bundle.close();
}

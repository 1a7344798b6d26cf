// Builds only the analyst UI's scripts (dist/ui), so the UI tests do not depend on every other
// part's build passing at the same moment.
import { rollup, type OutputOptions } from 'rollup';
import { uiBuild } from '../../collector/ui-build.js';

export async function buildUi(): Promise<void> {
  for (const o of uiBuild()) {
    const bundle = await rollup(o);
    for (const out of [o.output].flat() as OutputOptions[]) await bundle.write(out);
    await bundle.close();
  }
}

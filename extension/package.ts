// `npm run package`: zips of both built extensions with `web-ext build`, ready for the Chrome Web
// Store and addons.mozilla.org (run after `npm run build`, which the npm script does first).
import webExt from 'web-ext';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

for (const target of ['chromium', 'firefox'] as const) {
  const sourceDir = join(root, 'dist/extension', target);
  if (!existsSync(join(sourceDir, 'manifest.json'))) {
    console.error(`${sourceDir} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  const { extensionPath } = await webExt.cmd.build(
    { sourceDir, artifactsDir: join(root, 'dist/extension'), filename: `waymark-${target}-${version}.zip`, overwriteDest: true },
    { shouldExitProgram: false },
  );
  console.log(`${target}: ${extensionPath}`);
}

// `npm run bench [-- name ...]`: runs every tests/bench/*.bench.ts (or the named ones) one
// after another, each in its own process so one part's memory does not skew the next.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
// Every *.bench.ts here is one (e.g. rebuild.bench.ts: `npm run bench -- rebuild`).
// Names pick benchmarks; `--flag value` pairs after them go to each benchmark (e.g. `scale --events 1000000`).
const args = process.argv.slice(2);
const wanted = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && args[i - 1].startsWith('--')));
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const passed = firstFlag < 0 ? [] : args.slice(firstFlag);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; have: ${readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f.replace('.bench.ts', '')} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${f}`, ...passed], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

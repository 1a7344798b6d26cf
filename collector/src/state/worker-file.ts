// Where a state worker thread's entry is: compiled JavaScript beside this file (a build), else a
// boot file that registers tsx and loads the TypeScript (the sources, tests), else nowhere (a
// bundle without it: the caller does the work in its own thread).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerFile(name: string): URL | null {
  for (const file of [`${name}.js`, `${name}-boot.mjs`]) {
    const url = new URL(`./${file}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

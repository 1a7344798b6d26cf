// Survey size budgets: the widget file ≤ 4 KB gzip, and the survey trigger
// logic adds ≤ 300 B gzip to the core bundle. Both bundles are built here with the SDK's own
// rollup configuration; the core is built twice, with and without sdk/src/survey/.
import { rollup, type Plugin, type RollupOptions } from 'rollup';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { sdkBuild, SURVEY_BUDGET_GZIP } from '../../sdk/build.js';

const WIDGET_BUDGET = SURVEY_BUDGET_GZIP;
const TRIGGER_BUDGET = 300;
const surveyDir = fileURLToPath(new URL('../../sdk/src/survey/', import.meta.url));

/** Replaces the survey module the core imports with one that exports no plugin. */
const withoutSurveys: Plugin = {
  name: 'without-surveys',
  resolveId: (id, importer) => (id === './survey' && importer?.endsWith('index.ts') ? '\0no-surveys' : null),
  load: (id) => (id === '\0no-surveys' ? 'export const initSurveys = undefined;' : null),
};

async function gzipOf(build: RollupOptions, extra: Plugin[] = []): Promise<{ raw: number; gz: number }> {
  // The SDK's own budget check is the SDK's concern; here only the sizes are wanted.
  const plugins = (build.plugins as Plugin[]).filter((p) => !p.name.startsWith('waymark-'));
  const bundle = await rollup({ ...build, plugins: [...extra, ...plugins], onwarn: () => {} });
  const out = Array.isArray(build.output) ? build.output[0] : build.output!;
  const { output } = await bundle.generate({ ...out, file: undefined });
  await bundle.close();
  const code = output[0].code;
  return { raw: Buffer.byteLength(code), gz: gzipSync(code, { level: 9 }).length };
}

const builds = sdkBuild();
const pick = (file: string) => builds.find((b) => !Array.isArray(b.output) && b.output?.file?.endsWith(file));
const core = pick('waymark.iife.js');
const widget = pick('waymark-survey.js');
if (!core || !widget) {
  console.error('sdk/build.ts has no waymark.iife.js or waymark-survey.js build; cannot measure');
  process.exit(1);
}

const withS = await gzipOf(core);
const without = await gzipOf(sdkBuild().find((b) => b.input === core.input)!, [withoutSurveys]);
const w = await gzipOf(widget);
const delta = withS.gz - without.gz;

console.log(`survey widget (waymark-survey.js)   ${w.raw} B raw, ${w.gz} B gzip   budget ${WIDGET_BUDGET} B (${((100 * w.gz) / WIDGET_BUDGET).toFixed(0)}%)`);
console.log(`core without surveys                ${without.raw} B raw, ${without.gz} B gzip`);
console.log(`core with survey triggers           ${withS.raw} B raw, ${withS.gz} B gzip`);
console.log(`trigger logic in the core           +${withS.raw - without.raw} B raw, +${delta} B gzip   budget ${TRIGGER_BUDGET} B (${((100 * delta) / TRIGGER_BUDGET).toFixed(0)}%)`);
console.log(`(sources: ${surveyDir})`);
const over = [w.gz > WIDGET_BUDGET && 'widget', delta > TRIGGER_BUDGET && 'trigger logic'].filter(Boolean);
if (over.length) {
  console.error(`over budget: ${over.join(', ')}`);
  process.exit(1);
}

// The SDK's public entry (ESM: dist/sdk/waymark.mjs). Assembles and exports; nothing else.
import { createWaymark } from './waymark';
import type { SurveysPlugin } from './survey/plugin';

// ---- Integration point for emotion surveys (sdk/src/survey/, owned by the survey engineer) ----
// To enable surveys: export `initSurveys: SurveysPlugin` from sdk/src/survey/index.ts, then
// replace the line below with
//   import { initSurveys } from './survey';
//   const surveys: SurveysPlugin | undefined = initSurveys;
// initSurveys(api, options, core) runs near the end of init() and returns the function that backs
// waymark.survey.show(id); it uses api.on(...) for triggers and core.record('survey', ...) for answers.
import { initSurveys } from './survey';
const surveys: SurveysPlugin | undefined = initSurveys;

export const waymark = createWaymark(surveys);
export default waymark;
export { createWaymark };
export type * from './types';

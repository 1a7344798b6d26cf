// The SDK's public entry (ESM: dist/sdk/waymark.mjs). Assembles and exports; nothing else.
import { createWaymark } from './waymark';
import type { SurveysPlugin } from './types';

// ---- Integration point for emotion surveys (sdk/src/survey/, owned by the survey engineer) ----
// To enable surveys: export `initSurveys: SurveysPlugin` from sdk/src/survey/index.ts, then
// replace the line below with
//   import { initSurveys } from './survey';
//   const surveys: SurveysPlugin | undefined = initSurveys;
// initSurveys(api, options) runs at the end of init() and returns { show(id) }, which backs
// waymark.survey.show(id); use api.on(...) for triggers and api.track(...) for answers.
import { initSurveys } from './survey';
const surveys: SurveysPlugin | undefined = initSurveys;

export const waymark = createWaymark(surveys);
export default waymark;
export { createWaymark };
export type * from './types';

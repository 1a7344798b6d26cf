// The SDK's public entry (ESM: dist/sdk/waymark.mjs). Assembles and exports; nothing else.
// The survey triggers (survey/triggers.ts, a few hundred bytes) are part of the core and run in
// init(); the survey widget is its own file, loaded only when a survey is due.
import { initSurveys } from './survey/triggers';
import { createWaymark } from './waymark';

export const waymark = createWaymark(initSurveys);
export default waymark;
export { createWaymark };
export type * from './types';

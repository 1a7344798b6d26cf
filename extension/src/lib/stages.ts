// Stage badges for the timeline use the journey engineer's pure matcher and defaults,
// so the extension and the collector never disagree about a touchpoint's stage.
export { classifyStages, DEFAULT_STAGE_RULES, ruleMatches } from '../../../collector/src/journey/classify-stages.js';
export type { Classifiable } from '../../../collector/src/journey/classify-stages.js';

// Stage badges for the timeline use the collector's own pure matcher and default rules,
// so the extension and the collector never disagree about a touchpoint's stage.
export { classifyStages, DEFAULT_STAGE_RULES, ruleMatches } from '../../../collector/src/journey/classify-stages.js';
export type { Classifiable } from '../../../collector/src/journey/classify-stages.js';

// Critical touchpoints: which touchpoints move customers from one stage to the next, and which
// come just before they struggle. Pure functions over plain journey data (built journeys, or any
// per-customer state with stages, touchpoints and pain points).
//
//   parseTransition('consideration>purchase') → { from, to }     (OptionError on bad input)
//   transitionPaths(journeys, transition): TransitionPath[]       the touches before each move or drop-off
//   attribute(paths, { models?, resamples?, seed?, level?, maxKeys?, halfLifeMs?, removal? }): Attribution
//   friction(paths, { window?, minJourneys?, resamples?, seed? }): Friction
//   removalEffects(encodedPaths, keys, { removal: 'drop'|'redistribute' }): the Markov chain's removal effects, and per visit (markov's credit)
export { parseTransition, formatTransition, STAGE_TRANSITIONS, type Transition } from './transition.js';
export { touchpointKey, keyedTouches, keyLabel, type AttributableJourney, type KeyedTouch } from './touchpoint-keys.js';
export { transitionPath, transitionPaths, type TransitionPath } from './paths.js';
export { encodePaths, OTHER_KEY, type EncodedPath, type EncodedPaths } from './encode.js';
export { pathShares, type HeuristicModel } from './heuristic-models.js';
export { removalEffects, conversionFrom, transitionCounts, visitSteps, type Removal, type MarkovResult } from './markov.js';
export { attribute, MODELS, type Model, type Attribution, type AttributeOptions, type TouchpointCredit } from './attribute.js';
export { friction, type Friction, type FrictionPoint, type FrictionOptions } from './friction.js';
export { quantile, resampleCounts } from './bootstrap.js';

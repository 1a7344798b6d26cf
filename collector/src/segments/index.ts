// Segments: saved, named definitions over the journey state (definition.ts) and the test of one
// state against one (match.ts). The store keeps them (store.segments), the read service applies them.
export { NewSegmentSchema, PAIN_POINT_KINDS, parseDefinition, SegmentDefinitionSchema, type Segment, type SegmentDefinition } from './definition.js';
export { matchesSegment } from './match.js';

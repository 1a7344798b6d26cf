// Orders of the customers list. Sorted lists page by position (the cursor is an offset); the
// default order (by id) keeps its id cursor, stable while customers are added.
import { stageIndex } from '../journey/index.js';
import type { CustomerSummary } from './journey-pass.js';

export const CUSTOMER_SORTS = ['id', 'lastSeen', 'stage', 'painPoints', 'touchpoints'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

// Most telling first: the most recent, furthest along, most pain, most active; ties by id.
const compare: Record<Exclude<CustomerSort, 'id'>, (a: CustomerSummary, b: CustomerSummary) => number> = {
  lastSeen: (a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen),
  stage: (a, b) => stageIndex(b.furthestStage) - stageIndex(a.furthestStage) || stageIndex(b.currentStage) - stageIndex(a.currentStage),
  painPoints: (a, b) => b.painPoints - a.painPoints,
  touchpoints: (a, b) => b.touchpoints - a.touchpoints,
};

export function sortCustomers(list: CustomerSummary[], sort: Exclude<CustomerSort, 'id'>): CustomerSummary[] {
  const by = compare[sort];
  return list.slice().sort((a, b) => by(a, b) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

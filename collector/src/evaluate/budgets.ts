// What reconstruction must reach on simulated people (the evaluation reports pass/fail against
// these, and the ground-truth tests assert them where exact equality cannot hold).
export const BUDGETS = {
  /** Per-touchpoint stage accuracy, all stages together. */
  stageOverall: 0.97,
  /** Per-touchpoint stage accuracy in each true stage. */
  stageEach: 0.93,
  entryPrecision: 0.95,
  entryRecall: 0.95,
  /** Per kind of pain point. */
  painPrecision: 0.95,
  painRecall: 0.9,
  identity: 0.99,
  sessions: 0.99,
} as const;

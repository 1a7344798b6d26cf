// Which stored events can make a moment that the configured actions wait for. Looking at a
// customer's journey costs a read of all their events; most events (a page read, a scroll) cannot
// change what any action waits for, and skipping them keeps that cost off ingest's machine.
// It must never skip an event that makes a moment: relevance.test.ts checks it against the
// journey itself over random event sequences.
import type { StageRule } from '../config.js';
import { readTouchpoint } from '../journey/classify-stages.js';
import { toJourneyRow } from '../journey/event.js';
import { readSignals } from '../journey/signals.js';
import type { StoredEvent } from '../store/store.js';
import type { Action } from './schema.js';

/** Pain points that no single event makes: they come from the shape of the whole journey. */
const JOURNEY_LEVEL = new Set(['loop', 'drop_off']);

export function momentMaker(actions: readonly Action[], rules: StageRule[]): (e: StoredEvent) => boolean {
  const checks: ((e: StoredEvent) => boolean)[] = [];
  for (const a of actions) {
    if (a.on === 'stage.entered' && (a.stage === 'purchase' || a.stage === 'onboarding' || a.stage === 'advocacy')) {
      // The lifecycle enters these stages only on a touchpoint about them (or, for purchase, a
      // purchase milestone such as a first repeat_order); the others also by time and visits.
      const stage = a.stage;
      checks.push((e) => {
        const r = readTouchpoint(toJourneyRow(e), rules);
        return r.intent === stage || (stage === 'purchase' && r.signal === 'purchased');
      });
    } else if (a.on === 'painpoint' && !JOURNEY_LEVEL.has(a.kind)) {
      const kind = a.kind;
      checks.push((e) => readSignals(toJourneyRow(e)).signals.some((s) => s.kind === kind));
    } else if (a.on === 'survey.answered') {
      checks.push((e) => e.type === 'survey');
    } else if (a.on !== 'inactive' && a.on !== 'churn_risk.above') {
      return () => true;
    }
  }
  return (e) => checks.some((c) => c(e));
}

// The evaluation's text: one table per seed and one for all seeds pooled, budgets with pass/fail,
// and the one closing line other tools read.
import { STAGES } from '../../../wire/schema.js';
import { BUDGETS } from './budgets.js';
import { overall, overallCounts, PAIN_KINDS, type SeedScore } from './journeys.js';
import { precision, rate, recall, type Share } from './metrics.js';

const pct = (v: number | null) => (v === null ? '   —  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const share = (s: Share | undefined) => (s ? rate(s.hits, s.total) : null);

export function scoreTable(s: SeedScore, title: string): string[] {
  const lines = [
    `${title}: ${s.people} people (${s.bots} bots), ${s.events} events; ${s.sharedDevices} on a shared browser, ${s.ambiguous} of them inherently ambiguous (browsed before signing in, no log-out); bot events kept ${s.botEventsKept}, human events dropped ${s.humanEventsDropped}`,
    `  never arrived: ${s.lost.blocked + s.lost.consent + s.lost.lost} events (${s.lost.blocked} in visits whose SDK was blocked, ${s.lost.consent} before consent, ${s.lost.lost} lost singly); ${s.unseen} people never seen`,
    '  stage          touchpoints  accuracy  previous rules  entries precision  recall',
  ];
  for (const st of STAGES) {
    const a = s.stage.get(st), e = s.entries.get(st);
    lines.push(`  ${st.padEnd(14)} ${String(a?.total ?? 0).padStart(11)}  ${pct(share(a))}  ${pct(share(s.previous.get(st))).padStart(14)}  ${pct(e ? precision(e) : null).padStart(17)}  ${pct(e ? recall(e) : null)}`);
  }
  const all = overallCounts(s.entries as Map<string, any>);
  lines.push(`  ${'overall'.padEnd(14)} ${String(overall(s.stage).total).padStart(11)}  ${pct(share(overall(s.stage)))}  ${pct(share(overall(s.previous))).padStart(14)}  ${pct(precision(all)).padStart(17)}  ${pct(recall(all))}`);
  lines.push('  pain point        true  found  precision  recall');
  for (const k of PAIN_KINDS) {
    const c = s.pain.get(k)!;
    lines.push(`  ${k.padEnd(16)} ${String(c.tp + c.fn).padStart(5)}  ${String(c.tp + c.fp).padStart(5)}  ${pct(precision(c)).padStart(9)}  ${pct(recall(c))}`);
  }
  lines.push(`  sessions reproduced exactly ${pct(share(s.sessions))} of ${s.sessions.total}; people whose customer holds exactly their events ${pct(share(s.identity))} of ${s.identity.total}`);
  return lines;
}

export interface BudgetCheck { name: string; value: number | null; min: number; pass: boolean }

export function budgetChecks(s: SeedScore): BudgetCheck[] {
  const check = (name: string, value: number | null, min: number): BudgetCheck => ({ name, value, min, pass: value !== null && value >= min });
  const entries = overallCounts(s.entries as Map<string, any>);
  return [
    check('stage accuracy, overall', share(overall(s.stage)), BUDGETS.stageOverall),
    ...STAGES.filter((st) => s.stage.has(st)).map((st) => check(`stage accuracy, ${st}`, share(s.stage.get(st)), BUDGETS.stageEach)),
    check('stage entries, precision', precision(entries), BUDGETS.entryPrecision),
    check('stage entries, recall', recall(entries), BUDGETS.entryRecall),
    ...PAIN_KINDS.flatMap((k) => [
      check(`${k}, precision`, precision(s.pain.get(k)!), BUDGETS.painPrecision),
      check(`${k}, recall`, recall(s.pain.get(k)!), BUDGETS.painRecall),
    ]),
    check('sessions', share(s.sessions), BUDGETS.sessions),
    check('identity', share(s.identity), BUDGETS.identity),
  ];
}

export function budgetLines(checks: BudgetCheck[]): string[] {
  const failed = checks.filter((c) => !c.pass);
  return [
    `budgets: ${checks.length - failed.length} of ${checks.length} met`,
    ...checks.map((c) => `  ${c.pass ? 'pass' : 'FAIL'}  ${c.name.padEnd(30)} ${pct(c.value)} (≥ ${(c.min * 100).toFixed(0)}%)`),
  ];
}

export function closingLine(s: SeedScore): string {
  const f = (v: number | null) => ((v ?? 0) * 100).toFixed(1);
  return `stage accuracy: ${f(share(overall(s.stage)))}% (previous rules: ${f(share(overall(s.previous)))}%)`;
}

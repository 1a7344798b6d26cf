// The journey map as its readers take it in: one row per question (goal, where, what, how it
// felt, what hurt, in their words, what we do about it), one cell per stage, each cell a few
// readable lines. The page, the CSV and the SVG/PNG export all draw this one model.
import type { JourneyMapResult, StageSummary } from '../journey/types.js';
import type { SurveyComment } from '../read/survey-summary.js';
import type { MapNote } from '../store/store.js';
import { channelLabel, painLabel, type Labels } from './labels.js';
import { fmtDuration, fmtNumber, fmtPercent } from './layout.js';

export interface StoryLine {
  text: string;
  /** Shown on hover (a page's path under its title). */
  hover?: string;
  /** 0..1: the share of the stage's customers affected (pain points). */
  severity?: number;
  tone?: 'negative' | 'positive';
  /** The note the line shows (opportunities and thoughts). */
  note?: MapNote;
}

export interface StoryRow { key: string; label: string; cells: StoryLine[][] }

/** Rows notes can be added to; notes saved on the older per-cell rows still show under Thoughts. */
export const NOTE_ROWS = ['opportunities', 'thoughts'] as const;
export const LEGACY_NOTE_ROWS = ['customers', 'touchpoints', 'offsite', 'actions', 'channels', 'emotion', 'pain', 'conversion', 'time'];

export const DEFAULT_STAGE_GOALS: Record<string, string> = {
  awareness: 'Find out we exist and what we offer',
  consideration: 'Decide whether we fit their need',
  purchase: 'Buy with confidence',
  onboarding: 'Get first value quickly',
  retention: 'Keep getting value',
  advocacy: 'Recommend us to others',
};

const signed = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`);
const VOICES_PER_TONE = 2;

export interface StoryInput {
  map: JourneyMapResult;
  notes: MapNote[];
  /** Survey comments with their stage and sentiment (survey-summary.ts). */
  comments: SurveyComment[];
  labels: Labels;
  goals?: Partial<Record<string, string>>;
}

/** The customers' own words per stage: the most negative and the most positive comments, newest first among equals. */
export function voicesOf(comments: SurveyComment[], stage: string): StoryLine[] {
  const scored = comments.filter((c) => c.stage === stage && typeof c.sentiment === 'number').sort((a, b) => b.at - a.at);
  const neg = scored.filter((c) => c.sentiment! < 0).sort((a, b) => a.sentiment! - b.sentiment!).slice(0, VOICES_PER_TONE);
  const pos = scored.filter((c) => c.sentiment! > 0).sort((a, b) => b.sentiment! - a.sentiment!).slice(0, VOICES_PER_TONE);
  const line = (c: SurveyComment, tone: StoryLine['tone']): StoryLine => ({ text: `“${c.text}”${c.score !== null ? ` (${c.score})` : ''}`, tone });
  return [...neg.map((c) => line(c, 'negative')), ...pos.map((c) => line(c, 'positive'))];
}

/** Pain points by severity: the share of the stage's customers who met each. */
export function painLines(s: StageSummary): StoryLine[] {
  const byCustomers = s.painCustomers ?? s.painPoints;
  return byCustomers.slice(0, 5).map((p) => {
    const share = s.customers ? Math.min(1, p.count / s.customers) : 0;
    return { text: `${painLabel(p.key)} · ${fmtPercent(share)} of customers (${fmtNumber(p.count)})`, severity: share, tone: 'negative' as const };
  });
}

export function noteLine(n: MapNote, labels?: { row?: string }): StoryLine {
  const extra = [n.owner ? `owner ${n.owner}` : null, n.row === 'opportunities' ? n.status : null, n.painPoint ? `answers ${painLabel(n.painPoint).toLowerCase()}` : null,
    labels?.row ?? null].filter(Boolean);
  return { text: `${n.text}${extra.length ? ` — ${extra.join(' · ')}` : ''}`, note: n };
}

export function mapStory(p: StoryInput): StoryRow[] {
  const { labels } = p;
  const row = (key: string, label: string, cell: (s: StageSummary) => StoryLine[]): StoryRow => ({ key, label, cells: p.map.stages.map(cell) });
  const plain = (texts: string[]) => texts.map((text) => ({ text }));
  const notesAt = (stage: string, keep: (n: MapNote) => boolean) => p.notes.filter((n) => n.stage === stage && keep(n));
  return [
    row('goal', 'Customer goal', (s) => plain([p.goals?.[s.stage] ?? DEFAULT_STAGE_GOALS[s.stage] ?? ''].filter(Boolean))),
    row('customers', 'Customers', (s) => plain([fmtNumber(s.customers)])),
    row('touchpoints', 'Top touchpoints', (s) => s.touchpoints.slice(0, 5).map((c) => ({ text: `${labels.page(c.key, s.pageTitles?.[c.key])} (${fmtNumber(c.count)})`, hover: c.key }))),
    // Emails, support calls, store orders: a lane of their own beside the website's pages.
    row('offsite', 'Off-site touchpoints', (s) => plain(s.offSite.slice(0, 5).map((c) => `${labels.offSite(c.key)} (${fmtNumber(c.count)})`))),
    row('actions', 'Actions', (s) => s.actions.slice(0, 5).map((c) => ({ text: `${labels.action(c.key)} (${fmtNumber(c.count)})`, hover: c.key }))),
    row('channels', 'Channels', (s) => plain(s.channels.slice(0, 5).map((c) => `${channelLabel(c.key)} (${fmtNumber(c.count)})`))),
    row('emotion', 'Emotion', (s) => plain([
      `average ${signed(s.emotion.average)}`,
      `surveys ${signed(s.emotion.explicit.average)} · ${fmtNumber(s.emotion.explicit.count)} answers`,
      `signals ${signed(s.emotion.inferred.average)} · ${fmtNumber(s.emotion.inferred.count)} points`,
    ])),
    row('pain', 'Pain points', painLines),
    row('voices', 'Voices', (s) => voicesOf(p.comments, s.stage)),
    row('conversion', 'Conversion to next stage', (s) => plain([s.conversion === null ? '–' : `${fmtPercent(s.conversion)} (${fmtNumber(s.converted)})`])),
    row('time', 'Median time to next stage', (s) => plain([fmtDuration(s.medianTimeToNextMs)])),
    row('opportunities', 'Opportunities', (s) => notesAt(s.stage, (n) => n.row === 'opportunities').map((n) => noteLine(n))),
    row('thoughts', 'Thoughts', (s) => notesAt(s.stage, (n) => n.row !== 'opportunities').map((n) => noteLine(n, { row: n.row === 'thoughts' ? undefined : `on ${n.row}` }))),
  ];
}


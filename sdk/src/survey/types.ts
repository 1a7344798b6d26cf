// The contract between the core's survey triggers and the lazily loaded widget file: the widget
// registers one function on `window.waymarkSurvey`, the core calls it with a definition.
import type { ServedSurvey } from '../../../collector/src/wire';

/** What the customer answered; null when they closed the survey without answering. */
export interface SurveyResult {
  score: number | null;
  label: string;
  comment?: string;
}

/** Shows one survey; calls `done` exactly once, with the answer or null for a dismissal. */
export type SurveyWidget = (survey: ServedSurvey, done: (result: SurveyResult | null) => void) => void;

/** The global the widget file registers itself on. */
export const WIDGET_GLOBAL = 'waymarkSurvey';

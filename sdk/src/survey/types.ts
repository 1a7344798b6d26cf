// The contract between the core's survey triggers and the lazily loaded widget file: the widget
// registers one function on `window.waymarkSurvey`; the core calls it when a survey is due.
import type { ServedSurvey, SurveysResponse, WireEvent } from '../../../collector/src/wire';
import type { SurveyCore, WaymarkApi } from '../types';

/** What the customer answered; null when they closed the survey without answering. */
export interface SurveyResult {
  score: number | null;
  label: string;
  comment?: string;
}

/**
 * Called for a due survey: waits for the trigger's delay or exit intent (leaving the page cancels
 * the wait), checks consent and the caps again, shows the survey unless one is open, records that it
 * was shown, then sends the answer or the dismissal through `core.send`. Positional arguments keep
 * the core's call short.
 */
export type SurveyWidget = (
  /** The survey, or the id survey.show() was given when the site has no such survey. */
  survey: ServedSurvey | string,
  /** The touchpoint that made the survey due (for survey.show(), the last one seen). */
  trigger: WireEvent | undefined,
  rules: SurveysResponse['rules'],
  core: SurveyCore,
  api: Pick<WaymarkApi, 'ids'>,
  /** survey.show(): now, without the trigger's wait or exit intent and without the caps. */
  now?: boolean,
) => void;

/** The global the widget file registers itself on. */
export const WIDGET_GLOBAL = 'waymarkSurvey';
/** The storage key of the display caps. */
export const CAPS_KEY = 'waymark_surveys';

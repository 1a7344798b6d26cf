// The contract between the core's survey triggers and the lazily loaded widget file: the widget
// registers one function on `window['waymark-survey']`; the core calls it when a survey is due.
import type { ServedSurvey, SurveysResponse, WireEvent } from '../../../wire';
import type { WaymarkApi } from '../types';
import type { SurveyCore } from './plugin';

/** What the customer answered; null when they closed the survey without answering. */
export interface SurveyResult {
  score: number | null;
  label: string;
  comment?: string;
}

/**
 * Called for a due survey: waits for the trigger's delay or exit intent (leaving the page cancels
 * the wait), checks consent and the caps again, shows the survey unless one is open, records that it
 * was shown, then records the answer or the dismissal through `core.record`. Positional arguments
 * keep the core's call short.
 */
export type SurveyWidget = (
  /** The site's surveys and display rules; none when they could not be fetched. */
  got: Partial<SurveysResponse>,
  core: SurveyCore,
  api: Pick<WaymarkApi, 'ids'>,
  /** The survey, or for survey.show() its id (the widget looks it up, and says when the site has no such survey). */
  survey: ServedSurvey | string,
  /** The touchpoint that made the survey due (for survey.show(), the last one seen). */
  trigger: WireEvent | undefined,
  /** survey.show(): now, without the trigger's wait or exit intent and without the caps. */
  now?: boolean,
) => void;

/**
 * The global the widget file registers itself on. Renamed whenever the arguments above change (it
 * was `waymarkSurvey`), so a core and a widget file of different versions, one of them cached,
 * ignore each other instead of misreading each other's arguments.
 */
export const WIDGET_GLOBAL = 'waymark-survey';
/** The storage key of the display caps. */
export const CAPS_KEY = 'waymark_surveys';

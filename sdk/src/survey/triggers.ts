// The survey part of the core bundle, a few hundred bytes: fetch the site's surveys (the
// collector compiles each trigger into one regex), check each touchpoint against them and the
// display rules, and only for a due survey load the widget file, which does the rest (the wait
// or exit intent, the caps, the dialog, the answer).
import type { ServedSurvey, SurveysResponse, WireEvent } from '../../../wire';
import { loadPart } from '../load-part';
import type { SurveysPlugin } from './plugin';
import { mayShow } from './rules';
import { CAPS_KEY, WIDGET_GLOBAL, type SurveyWidget } from './types';

/** Runs in init(), before the captures start (so it sees the first page view); backs waymark.survey.show(id). */
export const initSurveys: SurveysPlugin = (api, o, core) => {
  let got: Partial<SurveysResponse> = {};
  let last: WireEvent | undefined;
  let ready: Promise<unknown> | undefined;
  // Fetched once consent allows a first touchpoint (or a survey is asked for): a visitor who
  // refused (GPC, DNT, consent denied) sends nothing at all, not even this request.
  const load = () =>
    (ready ||= fetch(`${o.endpoint}/v1/surveys?writeKey=${o.writeKey}`)
      .then((r) => r.json())
      .then((b) => (got = b), () => {})); // an error's body has no surveys: none are due

  /** Hands a due survey to the widget (`due`: its last three arguments), loading the widget's file first. */
  const ask = (...due: [survey: ServedSurvey | string, trigger: WireEvent | undefined, now?: boolean]) =>
    void (core.granted() && loadPart<SurveyWidget>(o.surveyUrl || `${o.endpoint}/sdk/waymark-survey.js`, WIDGET_GLOBAL).then((widget) => widget?.(got, core, api, ...due)));

  // Matched against the URL the touchpoint happened on: the surveys may arrive after an SPA route change.
  api.on('event', (e) => {
    last = e;
    if (core.granted()) load().then(() =>
      got.surveys?.forEach((s) => RegExp(s.when).test(`${e.type} ${e.name}\n${e.context.url}`) && mayShow(s, core.json(CAPS_KEY, {}), e.sessionId) && ask(s, e)),
    );
  });

  // survey.show(id): now, whatever its trigger, sampling and caps say; consent still applies.
  return (id) => load().then(() => ask(id, last, true));
};

// The survey part of the core bundle, a few hundred bytes: fetch the site's surveys (the
// collector compiles each trigger into one regex), check each touchpoint against them and the
// display rules, and only for a due survey load the widget file, which does the rest (the wait
// or exit intent, the caps, the dialog, the answer).
import type { ServedSurvey, SurveysResponse, WireEvent } from '../../../collector/src/wire';
import type { SurveysPlugin } from '../types';
import { mayShow } from './rules';
import { CAPS_KEY, WIDGET_GLOBAL } from './types';

/** Runs in init(), before the captures start (so it sees the first page view); backs waymark.survey.show(id). */
export const initSurveys: SurveysPlugin = (api, o, core) => {
  let got = { surveys: [] } as unknown as SurveysResponse;
  let last: WireEvent | undefined;
  const endpoint = o.endpoint.replace(/\/+$/, '');
  const ready = fetch(`${endpoint}/v1/surveys?writeKey=${o.writeKey}`)
    .then((r) => r.json())
    .then((b: SurveysResponse) => b.surveys && (got = b), () => {});

  const ask = (s: ServedSurvey | string, trigger?: WireEvent, now?: boolean) => {
    const widget = (window as any)[WIDGET_GLOBAL];
    if (!core.granted()) return;
    if (widget) return widget(s, trigger, got.rules, core, api, now);
    const tag = document.createElement('script');
    tag.src = o.surveyUrl || `${endpoint}/sdk/waymark-survey.js`;
    tag.onload = () => (window as any)[WIDGET_GLOBAL] && ask(s, trigger, now);
    document.head.append(tag);
  };

  api.on('event', (e) => {
    last = e;
    ready.then(() => {
      for (const s of got.surveys) {
        if (RegExp(s.when).test(`${e.type} ${e.name}\n${location.href}`) && mayShow(s, JSON.parse(core.store.get(CAPS_KEY) || '{}'), e.sessionId)) ask(s, e);
      }
    });
  });

  return {
    /** Shows a survey now, whatever its trigger, sampling and caps say; consent still applies. An unknown id reaches the widget, which says so. */
    show: (id: string) => ready.then(() => ask(got.surveys.find((d) => d.id == id) || id, last, true)),
  };
};

// The widget file (dist/sdk/waymark-survey.js), loaded by the core only when a survey is due:
// a trigger matched and the display rules allow it. Here: the trigger's wait or exit intent,
// a last check of consent and caps, the dialog, the caps update, and the answer.
import { mayShow, shown, type Caps } from './rules';
import { CAPS_KEY, WIDGET_GLOBAL, type SurveyWidget } from './types';
import { showSurvey } from './ui';

let open = false;

const ask: SurveyWidget = ({ surveys, rules }, core, api, which, trigger, now) => {
  const survey = typeof which == 'string' ? surveys?.find((s) => s.id == which) : which;
  // A survey found means the site's surveys, and so their rules, arrived.
  if (!survey) {
    return console.warn(`waymark.survey.show("${which}"): the site has no such survey; define it in the collector configuration's "surveys"`);
  }
  const sid = trigger?.sessionId || api.ids().sessionId;
  // Unreadable caps read as none: start afresh rather than never ask again.
  const caps = () => core.json<Caps>(CAPS_KEY, {});

  const present = () => {
    if (open || !core.granted()) return;
    open = true;
    core.set(CAPS_KEY, JSON.stringify(shown(caps(), survey.id, Date.now(), sid, rules!)));
    showSurvey(survey, (result) => {
      open = false;
      core.record('survey', {
        properties: {
          surveyId: survey.id,
          instrument: survey.instrument,
          ...(result || { score: null, dismissed: true }),
          trigger: { eventId: trigger?.id ?? null, name: trigger ? trigger.name ?? trigger.type : null },
        },
      });
    });
  };
  if (now) return present();

  // When the wait ends: still on the trigger's page (a page view in between, even one before this
  // file loaded, ends the wait), and no other survey shown meanwhile (sampling was done already).
  const due = () => (!trigger || trigger.context.url == location.href) && mayShow(survey, caps(), sid, Date.now(), 0) && present();
  setTimeout(() => {
    // Exit intent: the pointer leaves the page, towards the tabs, the address bar or another window.
    if (survey.exit) document.documentElement.addEventListener('mouseleave', due, { once: true });
    else due();
  }, survey.wait);
};

(window as any)[WIDGET_GLOBAL] = ask;

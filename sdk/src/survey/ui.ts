// The survey's user interface: one dialog in a shadow root, so site CSS cannot reach it and it
// cannot reach the site. Keyboard: arrows move the choice, Enter/Space confirm, Escape closes.
import type { ServedSurvey } from '../../../wire';
import type { SurveyResult } from './types';

/** Every visible or spoken text; a definition's `strings` overrides any of them (lists are "|"-separated). */
const STRINGS: Record<string, string> = {
  close: 'Close survey',
  send: 'Send',
  skip: 'Skip',
  thanks: 'Thank you!',
  emotion5: 'Very unhappy|Unhappy|Neutral|Happy|Delighted',
  csat: 'Very dissatisfied|Dissatisfied|Neutral|Satisfied|Very satisfied',
  cesLow: 'Very difficult',
  cesHigh: 'Very easy',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
};

const CSS = `
.w{all:initial;box-sizing:border-box;position:fixed;z-index:var(--waymark-survey-z,2147483000);inset-block-end:8px;inset-inline-end:8px;width:min(368px,calc(100vw - 16px));max-height:calc(100vh - 16px);overflow:auto;padding:16px;background:var(--waymark-survey-bg,#fff);color:var(--waymark-survey-fg,#1f2328);border:1px solid var(--waymark-survey-border,#d0d7de);border-radius:var(--waymark-survey-radius,12px);box-shadow:0 8px 28px rgba(0,0,0,.18);font:15px/1.4 var(--waymark-survey-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);text-align:start;animation:i .2s ease-out}
@keyframes i{from{opacity:0;transform:translateY(8px)}}
@media (prefers-reduced-motion:reduce){.w{animation:none}}
*,*::before,*::after{box-sizing:inherit}
p{margin:0 0 12px;padding-inline-end:32px;font-weight:600}
button,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;background:none;border:1px solid var(--waymark-survey-border,#d0d7de);border-radius:8px}
button:focus-visible,textarea:focus-visible{outline:2px solid var(--waymark-survey-accent,#2563eb);outline-offset:2px}
.x{position:absolute;inset-block-start:8px;inset-inline-end:8px;width:32px;height:32px;border:0;font-size:20px;line-height:1}
.g{display:flex;gap:4px}
.o{flex:1 1 0;min-width:0;min-height:44px;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:2px;padding:4px 2px}
.o[aria-checked=true]{border-color:var(--waymark-survey-accent,#2563eb);background:var(--waymark-survey-selected,color-mix(in srgb,var(--waymark-survey-accent,#2563eb) 14%,transparent))}
.o:hover{border-color:var(--waymark-survey-accent,#2563eb)}
.f{justify-content:flex-start}
.o svg{width:32px;height:32px;fill:none;stroke:currentColor;stroke-width:1.5;stroke-linecap:round}
.o small{font-size:11px;line-height:1.15;text-align:center;overflow-wrap:anywhere}
.a{display:flex;justify-content:space-between;gap:16px;margin-top:4px;font-size:12px;opacity:.75}
@media (max-width:480px){.w{padding:12px}.g{gap:3px}.o{padding:4px 0}.o small{font-size:10px}.n{flex-wrap:wrap}.n .o{flex:0 0 calc((100% - 20px)/6)}}
label{display:block;margin:0 0 8px;padding-inline-end:32px;font-weight:600}
textarea{display:block;width:100%;min-height:4.5em;padding:8px;border:1px solid var(--waymark-survey-border,#d0d7de);border-radius:8px;background:transparent;resize:vertical}
.b{display:flex;gap:8px;justify-content:flex-end;margin-top:12px}
.b button{padding:8px 16px}
.b .s{background:var(--waymark-survey-accent,#2563eb);border-color:transparent;color:var(--waymark-survey-accent-fg,#fff)}
`;

type Attrs = Record<string, string>;
function h(tag: string, attrs: Attrs = {}, ...kids: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  el.append(...kids);
  return el;
}

/** A face whose mouth curves from a frown (1) to a smile (5). */
function face(score: number): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const y = 15.5 - (score - 3) * 0.5;
  const mouth = `M8 ${y}Q12 ${y + (score - 3) * 2.5} 16 ${y}`;
  svg.innerHTML = `<circle cx="12" cy="12" r="10"/><circle cx="9" cy="9.5" r=".6" fill="currentColor"/><circle cx="15" cy="9.5" r=".6" fill="currentColor"/><path d="${mouth}"/>`;
  return svg;
}

interface Choice { score: number; label: string; face?: boolean }

function choices(instrument: ServedSurvey['instrument'], s: Record<string, string>): { list: Choice[]; low?: string; high?: string } {
  if (instrument === 'emotion5' || instrument === 'csat') {
    const list = s[instrument].split('|').map((label, i) => ({ score: i + 1, label, face: instrument === 'emotion5' }));
    return instrument === 'csat' ? { list, low: list[0].label, high: list[4].label } : { list };
  }
  if (instrument === 'text') return { list: [] };
  const [from, to] = instrument === 'ces' ? [1, 7] : [0, 10];
  const list: Choice[] = [];
  for (let n = from; n <= to; n++) list.push({ score: n, label: String(n) });
  return { list, low: s[`${instrument}Low`], high: s[`${instrument}High`] };
}

/** Shows one survey; calls `done` exactly once, with the answer or null for a dismissal. */
export function showSurvey(survey: ServedSurvey, done: (result: SurveyResult | null) => void): void {
  const s = { ...STRINGS, ...survey.strings };
  const previous = document.activeElement as HTMLElement | null;
  // Inline and !important: the one element in the site's DOM must not inherit a transform,
  // filter or `all: unset` that would break fixed positioning.
  const host = h('div', { 'data-waymark-survey': survey.id, style: 'all:initial!important' });
  const root = host.attachShadow({ mode: 'open' });
  const dir = getComputedStyle(document.body || document.documentElement).direction === 'rtl' ? 'rtl' : 'ltr';
  const qid = 'q';
  const box = h('div', { class: 'w', role: 'dialog', 'aria-labelledby': qid, dir });
  if (document.documentElement.lang) box.lang = document.documentElement.lang;
  const close = h('button', { class: 'x', type: 'button', 'aria-label': s.close }, h('span', { 'aria-hidden': 'true' }, '×'));
  root.append(h('style', {}, CSS), box);

  let finished = false;
  /** The choice made before the follow-up question: closing then keeps it rather than dismissing. */
  let answered: SurveyResult | null = null;
  const finish = (result: SurveyResult | null) => {
    if (finished) return;
    finished = true;
    done(result);
    // Focus inside a shadow root shows as the host; give it back before the widget goes.
    if (document.activeElement === host && previous?.isConnected) previous.focus();
    if (!result) return host.remove();
    box.replaceChildren(h('p', { role: 'status' }, s.thanks));
    setTimeout(() => host.remove(), 1500);
  };

  const askComment = (label: string, answer: SurveyResult | null) => {
    answered = answer;
    const area = h('textarea', { id: 'c', maxlength: '4000' }) as HTMLTextAreaElement;
    const send = h('button', { type: 'button', class: 's' }, s.send);
    const skip = h('button', { type: 'button' }, s.skip);
    send.onclick = () => {
      const comment = area.value.trim();
      finish(answer || comment ? { score: null, label: '', ...answer, ...(comment ? { comment } : {}) } : null);
    };
    skip.onclick = () => finish(answer);
    box.replaceChildren(close, h('label', { for: 'c', id: qid }, label), area, h('div', { class: 'b' }, skip, send));
    area.focus();
  };

  const { list, low, high } = choices(survey.instrument, s);
  close.onclick = () => finish(answered);
  box.onkeydown = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close.click();
    }
  };

  if (!list.length) {
    askComment(survey.question, null);
  } else {
    const group = h('div', { role: 'radiogroup', 'aria-labelledby': qid, class: `g ${survey.instrument === 'nps' ? 'n' : ''}` });
    const buttons = list.map((c, i) => {
      const spoken = c.face || c.label === String(c.score) ? c.label : `${c.score}, ${c.label}`;
      const b = h('button', { type: 'button', role: 'radio', class: 'o', 'aria-checked': 'false', tabindex: i ? '-1' : '0', 'aria-label': spoken });
      if (c.face) {
        b.className = 'o f';
        b.append(face(c.score), h('small', { 'aria-hidden': 'true' }, c.label));
      } else b.append(h('span', { 'aria-hidden': 'true' }, String(c.score)));
      // A tap, or Enter/Space (which click a focused button), confirms the choice.
      b.onclick = () => {
        select(i);
        const answer = { score: c.score, label: c.label };
        if (survey.followUp) askComment(survey.followUp, answer);
        else finish(answer);
      };
      return b;
    });
    const select = (i: number) => {
      buttons.forEach((b, j) => {
        b.setAttribute('aria-checked', String(i === j));
        b.tabIndex = i === j ? 0 : -1;
      });
      buttons[i].focus();
    };
    // Arrows move the choice like a native radio group (mirrored in RTL) and never submit.
    group.onkeydown = (e) => {
      const at = buttons.indexOf(e.target as HTMLElement);
      const n = buttons.length;
      const step = { ArrowDown: 1, ArrowUp: -1, ArrowRight: dir === 'rtl' ? -1 : 1, ArrowLeft: dir === 'rtl' ? 1 : -1 }[e.key];
      const next = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : step ? (at + step + n) % n : -1;
      if (next < 0 || at < 0) return;
      e.preventDefault();
      select(next);
    };
    group.append(...buttons);
    box.append(close, h('p', { id: qid }, survey.question), group);
    if (low && high) box.append(h('div', { class: 'a', 'aria-hidden': 'true' }, h('span', {}, low), h('span', {}, high)));
  }

  document.body.append(host);
  // Take focus only when the customer is not typing somewhere; otherwise the widget waits in the tab order.
  const busy = previous && (previous.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(previous.tagName));
  if (!busy) (root.querySelector('[tabindex="0"],textarea') as HTMLElement | null)?.focus();
}

// Readable names for what the UI shows: channels, events (with the configured label map), clicks
// by their element, pages by their title, pain points. One place, so every view says the same.
import { pathOf } from '../journey/event.js';
import { ELEMENT_EVENTS } from '../journey/touchpoint-detail.js';
import type { Touchpoint } from '../journey/types.js';

export interface LabelMap { events?: Record<string, string>; pages?: Record<string, string> }

const CHANNELS: Record<string, string> = {
  direct: 'Direct', organic_search: 'Organic search', paid_search: 'Paid search', social: 'Social', email: 'Email',
  referral: 'Referral', internal: 'Internal', support: 'Support', phone: 'Phone', store: 'Store', sms: 'SMS',
};

// SDK autocapture and built-in events, as a person would say them.
const EVENTS: Record<string, string> = {
  $click: 'Click', $rage_click: 'Rage click', $dead_click: 'Dead click', $scroll_depth: 'Scrolled', $page_leave: 'Left the page',
  $web_vitals: 'Page speed', $error: 'Error', $submit: 'Form submitted', $survey: 'Survey answer',
};

const PAIN: Record<string, string> = {
  rage_click: 'Rage clicks', dead_click: 'Dead clicks', js_error: 'Errors', form_abandonment: 'Abandoned forms',
  negative_survey: 'Unhappy survey answers', slow_page: 'Slow pages', loop: 'Going round in circles', drop_off: 'Dropped off',
};

/** `order_completed`, `orderCompleted`, `$page_leave` → `Order completed`, `Page leave`. */
export function humanise(raw: string): string {
  const words = raw.replace(/^\$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : raw;
}

export const channelLabel = (channel: string) => CHANNELS[channel] ?? humanise(channel);
export const painLabel = (kind: string) => PAIN[kind] ?? humanise(kind);

export interface Labels {
  event(name: string): string;
  /** A journey map action key: an event name, `$click · button · Add to cart`, `survey answered`. */
  action(key: string): string;
  /** An off-site key `support: ticket_opened` → `Support: Ticket opened`. */
  offSite(key: string): string;
  page(path: string, title?: string | null): string;
  /** One touchpoint in a sentence: `Viewed “Running shoes”`, `Clicked button “Add to cart”`. */
  touchpoint(t: Pick<Touchpoint, 'type' | 'name' | 'url' | 'title' | 'element' | 'offSite' | 'channel'>): string;
}

const quote = (s: string) => `“${s}”`;

export function makeLabels(map: LabelMap = {}): Labels {
  const events = map.events ?? {};
  const pages = map.pages ?? {};
  const event = (name: string) => events[name] ?? EVENTS[name] ?? humanise(name);
  const element = (name: string, role: string | null, text: string | null) =>
    [event(name), role && role !== 'element' ? role : null, text ? quote(text) : null].filter(Boolean).join(' ');
  const page = (path: string, title?: string | null) => pages[path] ?? title ?? path;
  return {
    event,
    action(key) {
      const [name, role, ...text] = key.split(' · ');
      if (ELEMENT_EVENTS.has(name) && role !== undefined) return element(name, role, text.join(' · ') || null);
      return events[key] ?? EVENTS[key] ?? humanise(key);
    },
    offSite(key) {
      const at = key.indexOf(': ');
      return at < 0 ? event(key) : `${channelLabel(key.slice(0, at))}: ${event(key.slice(at + 2))}`;
    },
    page,
    touchpoint(t) {
      if (t.type === 'page') return `Viewed ${quote(page(pathOf(t.url) ?? '(unknown page)', t.title))}`;
      if (t.type === 'survey') return 'Answered a survey';
      if (t.type === 'identify') return 'Signed in';
      if (t.name && t.element) return element(t.name, t.element.role, t.element.text);
      const what = t.name ? event(t.name) : humanise(t.type);
      return t.offSite ? `${channelLabel(t.channel)}: ${what}` : what;
    },
  };
}


// The channel a session came through, decided at session start from UTM tags,
// click ids and the referrer, in this order:
//   1. a server-given channel (email opened, support call, ...) is kept as is;
//   2. utm_medium: a paid medium → paid_search (social if utm_source is a social network),
//      an email medium → email, a social medium → social, `organic` → organic_search,
//      `referral` → referral; other tags fall back on utm_source (search engine → organic_search,
//      social network → social, email provider → email), else referral;
//   3. a click id in the URL (gclid, msclkid, ...) → paid_search, (fbclid, ...) → social;
//   4. no referrer → direct; the site's own host (or an `internalHosts` entry) → internal;
//      a search engine → organic_search; a social network → social; a webmail host → email;
//      any other referrer → referral.
// Every list is overridable: pass `{ ...DEFAULT_CHANNEL_RULES, socialNetworks: [...] }`.
// Host entries without a dot match any label of the host (`google` matches `www.google.co.uk`);
// entries with a dot match the host or its subdomains (`t.co`, `mail.google.com`).
import type { Channel } from './types.js';
import type { Utm } from '../../../wire/schema.js';

export interface ChannelRules {
  searchEngines: string[];
  socialNetworks: string[];
  emailProviders: string[];
  paidMediums: string[];
  emailMediums: string[];
  socialMediums: string[];
  paidSearchClickIds: string[];
  paidSocialClickIds: string[];
  /** Hosts that count as the site itself besides the page's own host (e.g. the shop's checkout domain). */
  internalHosts: string[];
}

export const DEFAULT_CHANNEL_RULES: ChannelRules = {
  searchEngines: ['google', 'bing', 'duckduckgo', 'yahoo', 'baidu', 'yandex', 'ecosia', 'qwant', 'startpage', 'search.brave.com', 'naver', 'seznam'],
  socialNetworks: ['facebook', 'instagram', 'linkedin', 'lnkd.in', 'twitter', 'x.com', 't.co', 'reddit', 'pinterest', 'tiktok', 'youtube', 'mastodon', 'threads.net', 'bsky.app', 'news.ycombinator.com', 'quora'],
  emailProviders: ['mail.google.com', 'outlook.live.com', 'outlook.office.com', 'mail.yahoo.com', 'mail.proton.me', 'webmail', 'mailchi.mp', 'list-manage.com'],
  paidMediums: ['cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'paid-search', 'sem', 'cpm', 'display', 'paid_social', 'paidsocial', 'paid-social'],
  emailMediums: ['email', 'e-mail', 'e_mail', 'newsletter', 'mail'],
  socialMediums: ['social', 'social-network', 'social_network', 'social-media', 'social_media', 'sm'],
  paidSearchClickIds: ['gclid', 'gbraid', 'wbraid', 'msclkid', 'dclid'],
  paidSocialClickIds: ['fbclid', 'ttclid', 'li_fat_id', 'twclid'],
  internalHosts: [],
};

export interface ChannelInput {
  channel?: string | null;
  utm?: Utm | null;
  referrer?: string | null;
  url?: string | null;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(url);
  return m ? m[1].toLowerCase().replace(/\.$/, '') : null;
}

function hostMatches(host: string, entries: string[]): boolean {
  const labels = host.split('.');
  return entries.some((d) => {
    const e = d.toLowerCase();
    return e.includes('.') ? host === e || host.endsWith(`.${e}`) : labels.includes(e);
  });
}

function sameSite(a: string, b: string): boolean {
  const strip = (h: string) => h.replace(/^www\./, '');
  const x = strip(a), y = strip(b);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

function queryHas(url: string | null | undefined, names: string[]): boolean {
  const q = url ? url.indexOf('?') : -1;
  if (q < 0) return false;
  const query = url!.slice(q + 1).split('#')[0].toLowerCase();
  return query.split('&').some((p) => names.includes(p.split('=')[0]));
}

type Lowered = ChannelRules;
const lowered = new WeakMap<ChannelRules, Lowered>();
/** The rules with every entry lower-cased, once per rules object: classifyChannel runs per session. */
function lowerRules(rules: ChannelRules): Lowered {
  let l = lowered.get(rules);
  if (!l) {
    l = Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, (v as string[]).map((x) => x.toLowerCase())])) as unknown as Lowered;
    lowered.set(rules, l);
  }
  return l;
}

export function classifyChannel(input: ChannelInput, channelRules: ChannelRules = DEFAULT_CHANNEL_RULES): Channel {
  if (input.channel) return input.channel;
  const rules = lowerRules(channelRules);
  const medium = input.utm?.medium?.trim().toLowerCase() || null;
  const source = input.utm?.source?.trim().toLowerCase() || null;
  if (medium || source) {
    const sourceIs = (entries: string[]) => !!source && (entries.includes(source) || hostMatches(source, entries));
    if (medium && rules.paidMediums.includes(medium)) return sourceIs(rules.socialNetworks) || medium.includes('social') ? 'social' : 'paid_search';
    if (medium && rules.emailMediums.includes(medium)) return 'email';
    if (medium && rules.socialMediums.includes(medium)) return 'social';
    if (medium === 'organic') return 'organic_search';
    if (medium === 'referral') return 'referral';
    if (sourceIs(rules.searchEngines)) return 'organic_search';
    if (sourceIs(rules.socialNetworks)) return 'social';
    if (sourceIs(rules.emailProviders) || (source && rules.emailMediums.includes(source))) return 'email';
    return 'referral';
  }
  if (queryHas(input.url, rules.paidSearchClickIds)) return 'paid_search';
  if (queryHas(input.url, rules.paidSocialClickIds)) return 'social';
  const ref = hostOf(input.referrer);
  if (!ref) return 'direct';
  const own = hostOf(input.url);
  if ((own && sameSite(ref, own)) || hostMatches(ref, rules.internalHosts)) return 'internal';
  if (hostMatches(ref, rules.emailProviders)) return 'email';
  if (hostMatches(ref, rules.searchEngines)) return 'organic_search';
  if (hostMatches(ref, rules.socialNetworks)) return 'social';
  return 'referral';
}

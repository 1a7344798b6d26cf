// Sessions over one customer's merged timeline: a gap longer than the timeout, or an
// event that arrives with different campaign tags than the session has (a new UTM mid-visit),
// starts a new session. The client's sessionId is not used: one customer's devices share one
// timeline, so web sessions never overlap and late or out-of-order events land where their time
// says. Off-site touchpoints (a server-given channel: an email, a support call, an order in a
// store) are not part of a web visit: they form sessions of their own, one timeline per channel
// with the same timeout, which may overlap the web sessions and each other.
import { classifyChannel, DEFAULT_CHANNEL_RULES, type ChannelRules } from './classify-channel.js';
import { isOffSite, orderEvents, type JourneyEvent } from './event.js';
import type { Channel } from './types.js';

export interface SessionOptions {
  /** Inactivity that ends a session; 30 by default. */
  timeoutMinutes?: number;
  channelRules?: ChannelRules;
}

export interface EventSession<E extends JourneyEvent = JourneyEvent> {
  /** `s1`, `s2`, ... in time order, unique within one customer. */
  id: string;
  start: number;
  end: number;
  /** From the UTM tags, click ids and referrer of the session's first event; an off-site session's own channel. */
  channel: Channel;
  /** Off-site touchpoints of one channel, apart from the web visits. */
  offSite: boolean;
  /** The session's campaign tags (`source|medium|campaign`), null when it has none. */
  campaign: string | null;
  events: E[];
}

export const DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

export function campaignKey(e: Pick<JourneyEvent, 'utm'>): string | null {
  const u = e.utm;
  if (!u || !(u.source || u.medium || u.campaign)) return null;
  return `${u.source ?? ''}|${u.medium ?? ''}|${u.campaign ?? ''}`;
}

export function sessionize<E extends JourneyEvent>(events: Iterable<E>, opts: SessionOptions = {}): EventSession<E>[] {
  const timeoutMs = (opts.timeoutMinutes ?? DEFAULT_SESSION_TIMEOUT_MINUTES) * 60_000;
  if (!(timeoutMs > 0)) throw new Error(`sessionize: timeoutMinutes must be a positive number, got ${opts.timeoutMinutes}`);
  const rules = opts.channelRules ?? DEFAULT_CHANNEL_RULES;
  /** Every session in the order it began (events come in time order, so each starts at its first). */
  const sessions: EventSession<E>[] = [];
  const open = (e: E, channel: Channel, campaign: string | null, offSite: boolean): EventSession<E> => {
    const s: EventSession<E> = { id: `s${sessions.length + 1}`, start: e.at, end: e.at, campaign, channel, offSite, events: [] };
    sessions.push(s);
    return s;
  };
  let web = null as EventSession<E> | null;
  const offSite = new Map<string, EventSession<E>>();
  for (const e of orderEvents(events)) {
    let s: EventSession<E>;
    if (isOffSite(e)) {
      const last = offSite.get(e.channel);
      s = last && e.at - last.end <= timeoutMs ? last : open(e, e.channel, null, true);
      offSite.set(e.channel, s);
    } else {
      const campaign = campaignKey(e);
      const newCampaign = campaign !== null && campaign !== web?.campaign;
      if (!web || e.at - web.end > timeoutMs || newCampaign) {
        web = open(e, classifyChannel({ channel: e.channel, utm: e.utm, referrer: e.referrer, url: e.url }, rules), campaign, false);
      }
      s = web;
    }
    s.events.push(e);
    s.end = e.at;
  }
  return sessions;
}

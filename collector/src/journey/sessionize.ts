// Sessions over one customer's merged timeline: a gap longer than the timeout, or an
// event that arrives with different campaign tags than the session has (a new UTM mid-visit),
// starts a new session. The client's sessionId is not used: one customer's devices share one
// timeline, so sessions never overlap and late or out-of-order events land where their time says.
import { classifyChannel, DEFAULT_CHANNEL_RULES, type ChannelRules } from './classify-channel.js';
import { orderEvents, type JourneyEvent } from './event.js';
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
  /** From the UTM tags, click ids and referrer of the session's first event. */
  channel: Channel;
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
  const sessions: EventSession<E>[] = [];
  let current = null as EventSession<E> | null;
  for (const e of orderEvents(events)) {
    const campaign = campaignKey(e);
    const newCampaign = campaign !== null && campaign !== current?.campaign;
    if (!current || e.at - current.end > timeoutMs || newCampaign) {
      current = {
        id: `s${sessions.length + 1}`, start: e.at, end: e.at, campaign,
        channel: classifyChannel({ channel: e.channel, utm: e.utm, referrer: e.referrer, url: e.url }, rules),
        events: [],
      };
      sessions.push(current);
    }
    current.events.push(e);
    current.end = e.at;
  }
  return sessions;
}

// The simulator: reproducible, SDK-shaped events, the noise it promises, the observation loss real
// data has, and truth that a reconstruction can in principle recover (sessions separable by time
// or campaign; only arrived events judged).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBot } from '../journey/bots.js';
import { seededRandom } from '../seed/random.js';
import { EventSchema } from '../../../wire/schema.js';
import { simulatePerson } from './agent.js';
import { arrivalOrder, simulate } from './index.js';
import { trueStages } from './lifecycle.js';
import { observe } from './noise.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const run = (seed: number, people = 300) => [...simulate({ people, seed, now: NOW })];
const people = run(4, 1500);
const humans = people.filter((p) => !p.truth.bot);
const all = people.flatMap((p) => p.events);
/** Everything each person did, arrived or not, in time order. */
const lived = (p: (typeof people)[number]) => [...p.events, ...p.lost].sort((a, b) => a.at - b.at);
const lost = people.flatMap((p) => p.lost);

describe('journey simulator', () => {
  it('gives the same events, ids and truth for one seed, and others for another', () => {
    expect(JSON.stringify(run(7, 100))).toBe(JSON.stringify(run(7, 100)));
    expect(run(8, 1)[0].events[0].event.id).not.toBe(run(7, 1)[0].events[0].event.id);
  });

  it('emits only valid wire events, in time order per person, before "now", each with a truth', () => {
    for (const p of people) {
      for (const e of p.events) expect(EventSchema.safeParse(e.event).success, JSON.stringify(e.event)).toBe(true);
      const times = p.events.map((e) => Date.parse(e.event.timestamp));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(NOW);
      expect(p.truth.events.map((e) => e.id)).toEqual(p.events.map((e) => e.event.id));
    }
  });

  it('never imports the journey reconstruction it is the truth for', () => {
    const dir = new URL('.', import.meta.url);
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(/from '\.\.\/journey\//);
    }
  });

  it('points every survey answer at an earlier event of the same person', () => {
    let surveys = 0;
    for (const p of people) {
      const seen = new Map<string, number>();
      // The trigger may itself have been lost on the way; the agent still saw it.
      for (const e of lived(p)) {
        if (e.event.type === 'survey') {
          surveys++;
          const trigger = (e.event.properties as any).trigger;
          expect(seen.get(trigger.eventId), JSON.stringify(trigger)).toBeLessThan(e.at);
        }
        seen.set(e.event.id, e.at);
      }
    }
    expect(surveys).toBeGreaterThan(20);
  });

  it('follows each rage click with its dead clicks, and counts the burst once', () => {
    let bursts = 0;
    for (const p of humans) {
      const pains = new Map(p.truth.painPoints.map((x) => [x.eventId, x.kind]));
      const events = lived(p);
      events.forEach((e, i) => {
        if (e.event.name !== '$rage_click' || e.lost) return;
        bursts++;
        expect(pains.get(e.event.id)).toBe('rage_click');
        const sel = (e.event.properties as any).selector;
        const after = events.slice(i + 1).filter((d) => d.event.name === '$dead_click' && (d.event.properties as any).selector === sel && d.at - e.at <= 3_000);
        expect(after.length).toBeGreaterThanOrEqual(3);
        for (const d of after) expect(pains.has(d.event.id)).toBe(false);
      });
    }
    expect(bursts).toBeGreaterThan(20);
  });

  it('gives dead clicks in the survey widget no pain point', () => {
    const widget = humans.flatMap((p) => p.events.filter((e) => e.event.name === '$dead_click' && String((e.event.properties as any).selector).includes('waymark-survey')).map((e) => ({ e, p })));
    expect(widget.length).toBeGreaterThan(5);
    for (const { e, p } of widget) expect(p.truth.painPoints.some((x) => x.eventId === e.event.id)).toBe(false);
  });

  it('sends bots with bot user agents and never a human with one; bots are nobody\'s customer', () => {
    const bots = people.filter((p) => p.truth.bot);
    expect(bots.length).toBeGreaterThan(10);
    for (const b of bots) for (const e of b.events) expect(isBot(e.event.context.userAgent)).toBe(true);
    for (const h of humans) for (const e of h.events) expect(isBot(e.event.context.userAgent)).toBe(false);
  });

  it('keeps true sessions apart by 30 minutes or a new campaign, and each one under 30-minute gaps', () => {
    const campaign = (e: any) => (e.context.utm ? JSON.stringify(e.context.utm) : null);
    for (const p of humans) {
      const sessions = p.truth.sessions.map((ids) => ids.map((id) => p.events.find((e) => e.event.id === id)!));
      for (const s of sessions) for (let i = 1; i < s.length; i++) expect(s[i].at - s[i - 1].at).toBeLessThanOrEqual(30 * 60_000);
      for (let i = 1; i < sessions.length; i++) {
        const [a, b] = [sessions[i - 1][sessions[i - 1].length - 1], sessions[i][0]];
        expect(b.at - a.at > 30 * 60_000 || (campaign(b.event) !== null && campaign(b.event) !== campaign(a.event))).toBe(true);
      }
    }
  });

  it('has the noise real data has: every stage, lapses, win-backs, email returns, late delivery, shared browsers, alias and log-outs', () => {
    const stages = new Set(humans.flatMap((p) => p.truth.events.map((e) => e.stage)));
    expect(stages.size).toBe(6);
    const lapses = humans.filter((p) => p.truth.events.some((e, i) => i > 0 && e.at - p.truth.events[i - 1].at > 90 * 86_400_000 && p.truth.events[i - 1].stage !== 'awareness' && p.truth.events[i - 1].stage !== 'consideration'));
    expect(lapses.length).toBeGreaterThan(5);
    expect(all.filter((e) => e.event.name === 'subscription_cancelled' || e.event.name === 'account_closed').length).toBeGreaterThan(5);
    expect(all.filter((e) => e.event.context.utm?.medium === 'email').length).toBeGreaterThan(100);
    expect(all.filter((e) => e.deliverAt - e.at > 3_600_000).length).toBeGreaterThan(50);
    expect(all.filter((e) => e.event.type === 'alias').length).toBeGreaterThan(5);
    expect(humans.filter((p) => p.truth.anonymousIds.length > 1).length).toBeGreaterThan(20);
    const shared = humans.filter((p) => p.truth.sharedDevice);
    expect(shared.length).toBeGreaterThan(10);
    // Inherently ambiguous people (shared browser, no log-out, browsing before sign-in) stay rare.
    const ambiguous = humans.filter((p) => p.truth.inherentlyAmbiguous).length;
    expect(ambiguous).toBeGreaterThan(0);
    expect(ambiguous / humans.length).toBeLessThanOrEqual(0.01);
  });

  it('loses what real data loses: whole visits to a blocked SDK, visits before consent, single events, milestones among them', () => {
    const by = (k: string) => lost.filter((e) => e.lost === k);
    expect(all.every((e) => e.lost === null)).toBe(true);
    for (const k of ['blocked', 'consent', 'lost']) expect(by(k).length, k).toBeGreaterThan(100);
    // Single losses are rare and independent: about NOISE.lostEvent of browser events.
    expect(by('lost').length / (all.length + lost.length)).toBeGreaterThan(0.003);
    expect(by('lost').length / (all.length + lost.length)).toBeLessThan(0.008);
    // A blocked or unconsented visit loses every browser event of it; the server's email opens still arrive.
    for (const p of humans) {
      const visits = new Map<number, typeof p.events>();
      for (const e of lived(p)) visits.set(e.session, [...(visits.get(e.session) ?? []), e]);
      for (const v of visits.values()) {
        const whole = v.find((e) => e.lost === 'blocked' || e.lost === 'consent')?.lost;
        if (whole) expect(v.every((e) => e.lost === whole)).toBe(true);
      }
    }
    expect(lost.some((e) => e.event.name === 'email_opened')).toBe(false);
    // Consent: lost from the first visit until given, never after an event of theirs arrived.
    const decliners = humans.filter((p) => p.lost.some((e) => e.lost === 'consent'));
    for (const p of decliners) {
      expect(lived(p).find((e) => e.event.type !== 'track' || e.event.name !== 'email_opened')!.lost).toBe('consent');
      const firstSeen = p.events.find((e) => e.event.context.url)?.at ?? Infinity;
      expect(p.lost.filter((e) => e.lost === 'consent').every((e) => e.at < firstSeen)).toBe(true);
    }
    expect(decliners.some((p) => p.events.some((e) => e.event.context.url))).toBe(true); // some accept later
    // The collector can miss a purchase or a finished onboarding the agent did.
    expect(lost.filter((e) => e.meaning.milestone === 'purchase').length).toBeGreaterThan(10);
    expect(lost.some((e) => e.meaning.milestone === 'onboarding_completed')).toBe(true);
    expect(lost.filter((e) => e.meaning.milestone === 'purchase' && e.lost === 'lost').length).toBeGreaterThan(0);
  });

  it('decides the same with or without loss: loss draws from its own random stream', () => {
    const person = (withLoss: boolean) => simulatePerson({ r: seededRandom(11), index: 0, start: NOW - 200 * 86_400_000, now: NOW, ...(withLoss ? { observation: observe(seededRandom(3)) } : {}) });
    const [plain, observed] = [person(false), person(true)];
    expect(observed.events.map((e) => e.event.id)).toEqual(plain.events.map((e) => e.event.id));
    expect(plain.events.every((e) => e.lost === null)).toBe(true);
  });

  it('judges only what arrived, by the stage the agent truly lived; nobody is expected of whom nothing arrived', () => {
    for (const p of humans) {
      const arrived = new Set(p.events.map((e) => e.event.id));
      const events = lived(p);
      const truly = trueStages(events);
      const stages = new Map(events.map((e, i) => [e.event.id, truly[i]]));
      expect(p.truth.events.every((e) => arrived.has(e.id) && stages.get(e.id) === e.stage)).toBe(true);
      expect(p.truth.painPoints.every((x) => arrived.has(x.eventId))).toBe(true);
      expect(p.truth.sessions.flat().sort()).toEqual([...arrived].sort());
      // An entry is judged when the event that began it arrived, at that event's time.
      const starts = new Map(p.events.map((e) => [e.at, e.event.id]));
      expect(p.truth.stageEntries.every((s) => arrived.has(starts.get(s.enteredAt)!))).toBe(true);
      expect(p.truth.anonymousIds).toEqual([...new Set(p.events.map((e) => e.event.anonymousId))]);
      expect(p.truth.lost.blocked + p.truth.lost.consent + p.truth.lost.lost).toBe(p.lost.length);
    }
    // A purchase the collector never saw still makes the person a customer in the truth.
    const unseenBuyers = humans.filter((p) => p.lost.some((e) => e.meaning.milestone === 'purchase') && !p.events.some((e) => e.meaning.milestone === 'purchase'));
    expect(unseenBuyers.some((p) => p.truth.events.some((e) => e.stage === 'retention'))).toBe(true);
    const unseen = humans.filter((p) => p.events.length === 0);
    expect(unseen.length).toBeGreaterThan(10);
    for (const p of unseen) expect(p.truth).toMatchObject({ customerId: '', events: [], stageEntries: [], painPoints: [], sessions: [] });
  });

  it('delivers events late and out of order, but every one exactly once', () => {
    const events = people.slice(0, 200).flatMap((p) => p.events);
    const order = arrivalOrder(events, 1);
    expect(new Set(order.map((e) => e.id)).size).toBe(events.length);
    const times = order.map((e) => Date.parse(e.timestamp));
    expect(times.some((t, i) => i > 0 && t < times[i - 1])).toBe(true);
  });
});

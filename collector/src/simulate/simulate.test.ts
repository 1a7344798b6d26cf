// The simulator: reproducible, SDK-shaped events, the noise it promises, and truth that a
// reconstruction can in principle recover (sessions separable by time or campaign).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBot } from '../journey/bots.js';
import { EventSchema } from '../wire.js';
import { arrivalOrder, simulate } from './index.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const run = (seed: number, people = 300) => [...simulate({ people, seed, now: NOW })];
const people = run(4, 1500);
const humans = people.filter((p) => !p.truth.bot);
const all = people.flatMap((p) => p.events);

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
      for (const e of p.events) {
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
      p.events.forEach((e, i) => {
        if (e.event.name !== '$rage_click') return;
        bursts++;
        expect(pains.get(e.event.id)).toBe('rage_click');
        const sel = (e.event.properties as any).selector;
        const after = p.events.slice(i + 1).filter((d) => d.event.name === '$dead_click' && (d.event.properties as any).selector === sel && d.at - e.at <= 3_000);
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

  it('delivers events late and out of order, but every one exactly once', () => {
    const events = people.slice(0, 200).flatMap((p) => p.events);
    const order = arrivalOrder(events, 1);
    expect(new Set(order.map((e) => e.id)).size).toBe(events.length);
    const times = order.map((e) => Date.parse(e.timestamp));
    expect(times.some((t, i) => i > 0 && t < times[i - 1])).toBe(true);
  });
});

// `npm run evaluate -- journeys`: simulate people whose lifecycle is known, reconstruct them with
// the real pipeline (bots dropped by user agent as the collector does, then orderEvents,
// stitchIdentities and buildJourney with the default rules and options), and score the result
// against the simulator's truth. Pure apart from the simulation's cost: "now" is the caller's.
// Only arrived events are judged (the truth holds no others), so an event that never reached the
// collector is not a miss; its cost shows in the arrived events it leaves wrong. A person none of
// whose events arrived is not expected as a customer.
import { storageIds } from '../ingest/normalise.js';
import { isBot } from '../journey/bots.js';
import { SERVER_FLAG } from '../journey/event.js';
import { buildJourney, orderEvents, stitchIdentities, toJourneyRow, type Journey } from '../journey/index.js';
import { sentByServer, type SeedEvent } from '../seed/sinks.js';
import { arrivalOrder, simulate, type LossKind, type PersonTruth } from '../simulate/index.js';
import type { StoredEvent } from '../store/store.js';
import { STAGES, type Stage } from '../../../wire/schema.js';
import { addCounts, addShares, exactSets, matchByKey, matchEntries, stageAccuracy, type Counts, type Share } from './metrics.js';
import { previousStages } from './previous-rules.js';

export const PAIN_KINDS = ['rage_click', 'dead_click', 'js_error', 'form_abandonment', 'negative_survey', 'slow_page', 'loop', 'drop_off'] as const;

export interface SeedScore {
  seed: number;
  people: number;
  bots: number;
  /** Events that reached the collector. */
  events: number;
  /** Events people did that never reached it, by why. */
  lost: Record<LossKind, number>;
  /** People none of whose events arrived. */
  unseen: number;
  /** People whose first events inherently look like someone else's (a shared browser without log-out). */
  ambiguous: number;
  sharedDevices: number;
  /** Bot events the user-agent test let through, and human events it dropped. */
  botEventsKept: number;
  humanEventsDropped: number;
  stage: Map<Stage, Share>;
  previous: Map<Stage, Share>;
  entries: Map<Stage, Counts>;
  pain: Map<string, Counts>;
  sessions: Share;
  identity: Share;
}

const toStored = (e: SeedEvent): StoredEvent => ({
  id: e.id, siteId: 'shop', type: e.type, name: e.name ?? null, ...storageIds(e, sentByServer(e)), userId: e.userId ?? null,
  at: Date.parse(e.timestamp), receivedAt: Date.parse(e.timestamp), flags: sentByServer(e) ? [SERVER_FLAG] : [], event: e,
});

function mergeInto<K, V>(into: Map<K, V>, from: Map<K, V>, add: (a: V, b: V) => V) {
  for (const [k, v] of from) into.set(k, into.has(k) ? add(into.get(k)!, v) : v);
}

/** The collector's pipeline over events as they arrived (bots already left out): one journey per customer. */
export function reconstruct(arrived: SeedEvent[], now: number): Journey[] {
  const customers = stitchIdentities(orderEvents(arrived.map((e) => toJourneyRow(toStored(e)))));
  return customers.map((c) => buildJourney(c, { asOf: now }));
}

/** Reconstructs one simulated population and scores it. */
export function scoreSeed(o: { seed: number; people: number; now: number; onPerson?: (done: number) => void }): SeedScore {
  const truths: PersonTruth[] = [];
  const emitted = [];
  const lost: Record<LossKind, number> = { blocked: 0, consent: 0, lost: 0 };
  for (const p of simulate({ people: o.people, seed: o.seed, now: o.now })) {
    truths.push(p.truth);
    emitted.push(...p.events);
    for (const e of p.lost) lost[e.lost!]++;
    o.onPerson?.(truths.length);
  }
  const arriving = arrivalOrder(emitted, o.seed);
  const kept = arriving.filter((e) => !isBot(e.context?.userAgent));

  const ownerOf = new Map<string, PersonTruth>();
  for (const t of truths) for (const e of t.events) ownerOf.set(e.id, t);
  const botEventsKept = kept.filter((e) => ownerOf.get(e.id)?.bot).length;
  const humanEventsDropped = arriving.length - kept.length - (emitted.filter((e) => ownerOf.get(e.event.id)!.bot).length - botEventsKept);

  const journeys = reconstruct(kept, o.now);

  const predicted = new Map<string, Stage>();
  const previous = new Map<string, Stage>();
  const customerOf = new Map<string, Journey>();
  const predictedSessions: string[][] = [];
  const predictedPain: { kind: string; key: string }[] = [];
  const entries = new Map<Stage, Counts>();
  const truthOfCustomer = new Map<Journey, PersonTruth | null>();

  for (const j of journeys) {
    const stages = previousStages(j.touchpoints);
    const bySession = new Map<string, string[]>();
    const votes = new Map<PersonTruth, number>();
    j.touchpoints.forEach((t, i) => {
      predicted.set(t.id, t.stage);
      previous.set(t.id, stages[i]);
      customerOf.set(t.id, j);
      bySession.set(t.sessionId, [...(bySession.get(t.sessionId) ?? []), t.id]);
      const owner = ownerOf.get(t.id);
      if (owner) votes.set(owner, (votes.get(owner) ?? 0) + 1);
    });
    predictedSessions.push(...bySession.values());
    // The person a reconstructed customer stands for: whoever owns most of its events.
    let person: PersonTruth | null = null;
    for (const [p, n] of votes) if (!person || n > votes.get(person)!) person = p;
    truthOfCustomer.set(j, person);
    for (const p of j.painPoints) predictedPain.push({ kind: p.kind, key: p.kind === 'drop_off' ? `person:${person?.customerId ?? j.customerId}` : p.touchpointId ?? '' });
    const predictedEntries = j.stages.map((s) => ({ stage: s.stage, at: Date.parse(s.enteredAt) }));
    const trueEntries = person && !person.bot ? person.stageEntries.map((s) => ({ stage: s.stage, at: s.enteredAt })) : [];
    mergeInto(entries, matchEntries(trueEntries, predictedEntries), addCounts);
  }

  const humans = truths.filter((t) => !t.bot && t.events.length > 0);
  // True entries of people no customer stands for are all missed.
  const represented = new Set(truthOfCustomer.values());
  for (const t of humans) if (!represented.has(t)) mergeInto(entries, matchEntries(t.stageEntries.map((s) => ({ stage: s.stage, at: s.enteredAt })), []), addCounts);

  const trueEvents = humans.flatMap((t) => t.events);
  const truePain = humans.flatMap((t) => t.painPoints.map((p) => ({ kind: p.kind, key: p.kind === 'drop_off' ? `person:${t.customerId}` : p.eventId })));
  const pain = matchByKey(truePain, predictedPain);
  for (const k of PAIN_KINDS) if (!pain.has(k)) pain.set(k, { tp: 0, fp: 0, fn: 0 });

  let identityHits = 0;
  for (const t of humans) {
    const j = customerOf.get(t.events[0].id);
    if (j && j.touchpoints.length === t.events.length && t.events.every((e) => customerOf.get(e.id) === j)) identityHits++;
  }

  return {
    seed: o.seed, people: truths.length, bots: truths.filter((t) => t.bot).length, events: emitted.length,
    lost, unseen: truths.filter((t) => !t.bot && t.events.length === 0).length,
    ambiguous: humans.filter((t) => t.inherentlyAmbiguous).length, sharedDevices: humans.filter((t) => t.sharedDevice).length,
    botEventsKept, humanEventsDropped,
    stage: stageAccuracy(trueEvents, predicted),
    previous: stageAccuracy(trueEvents, previous),
    entries, pain,
    sessions: exactSets(humans.flatMap((t) => t.sessions), predictedSessions),
    identity: { hits: identityHits, total: humans.length },
  };
}

/** Several seeds' scores as one. */
export function pool(scores: SeedScore[]): SeedScore {
  const out: SeedScore = {
    seed: -1, people: 0, bots: 0, events: 0, lost: { blocked: 0, consent: 0, lost: 0 }, unseen: 0, ambiguous: 0, sharedDevices: 0, botEventsKept: 0, humanEventsDropped: 0,
    stage: new Map(), previous: new Map(), entries: new Map(), pain: new Map(), sessions: { hits: 0, total: 0 }, identity: { hits: 0, total: 0 },
  };
  for (const s of scores) {
    for (const k of ['people', 'bots', 'events', 'unseen', 'ambiguous', 'sharedDevices', 'botEventsKept', 'humanEventsDropped'] as const) out[k] += s[k];
    for (const k of ['blocked', 'consent', 'lost'] as const) out.lost[k] += s.lost[k];
    mergeInto(out.stage, s.stage, addShares);
    mergeInto(out.previous, s.previous, addShares);
    mergeInto(out.entries, s.entries, addCounts);
    mergeInto(out.pain, s.pain, addCounts);
    out.sessions = addShares(out.sessions, s.sessions);
    out.identity = addShares(out.identity, s.identity);
  }
  return out;
}

/** Every stage's share summed. */
export function overall(byStage: Map<Stage, Share>): Share {
  let acc: Share = { hits: 0, total: 0 };
  for (const s of STAGES) if (byStage.has(s)) acc = addShares(acc, byStage.get(s)!);
  return acc;
}
export function overallCounts(by: Map<string, Counts>): Counts {
  let acc: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const c of by.values()) acc = addCounts(acc, c);
  return acc;
}

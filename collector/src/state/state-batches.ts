// A full rebuild's states in batches, built where the events are read (a scan worker, or this
// thread): each customer's state encoded as stored, and batches cut only between linked groups,
// never inside one. A group's customers may share a device, and a commit removes the old states
// covering its devices that it does not rewrite: a group cut in two would have its first half
// removed by the commit of its second.
import { serverAnonymousId } from '../ingest/normalise.js';
import { journeyState } from '../journey/journey-state.js';
import type { JourneyOptions } from '../journey/index.js';
import { scanGroups, type LinkedGroups, type ScannedJourney } from '../read/scan-journeys.js';
import { ALL_IDS, type AnonRange } from '../store/id-ranges.js';
import type { JourneyReader, NewDelivery, StateRow } from '../store/store.js';
import type { MomentsOf } from './rebuild.js';

export interface StateBatch {
  rows: StateRow[];
  /** The events these states were built from. */
  events: number;
  /** The actions' deliveries these journeys make (when asked for). */
  deliveries: NewDelivery[];
}

/** One built journey as its state row: its devices, and where a server's events about it are stored. */
export function stateRow({ journey, traits }: ScannedJourney): StateRow {
  const ids = new Set(journey.anonymousIds);
  for (const u of journey.userIds) ids.add(serverAnonymousId(u));
  return { customerId: journey.customerId, anonymousIds: [...ids], state: JSON.stringify(journeyState(journey, traits)) };
}

/** Batches of at least `size` customers (the last may hold fewer), whole groups each; `groups` as scanGroups takes them. */
export async function* stateBatches(
  reader: JourneyReader, opts: JourneyOptions, size: number, range: AnonRange = ALL_IDS, moments?: MomentsOf, groups?: LinkedGroups,
): AsyncIterable<StateBatch> {
  let batch: StateBatch = { rows: [], events: 0, deliveries: [] };
  for await (const group of scanGroups(reader, opts, range, groups)) {
    for (const s of group) {
      batch.rows.push(stateRow(s));
      batch.events += s.journey.touchpoints.length;
      if (moments) batch.deliveries.push(...moments(s.journey));
    }
    if (batch.rows.length >= size) {
      yield batch;
      batch = { rows: [], events: 0, deliveries: [] };
    }
  }
  if (batch.rows.length) yield batch;
}

// The storage interface. Two adapters implement it (sqlite/, postgres/) and both run the one
// contract suite in store.contract.ts. Keep it small: every method here is a query both
// databases must answer the same way, grouped below by who asks.
import type { JourneyRow } from '../journey/event.js';
import type { EventType, ServerEvent } from '../../../wire/schema.js';
import type { AnonRange } from './id-ranges.js';

export type { AnonRange } from './id-ranges.js';
export type { JourneyRow } from '../journey/event.js';

/** One accepted event as the collector keeps it. */
export interface StoredEvent {
  id: string;
  siteId: string;
  type: EventType;
  name: string | null;
  anonymousId: string;
  userId: string | null;
  sessionId: string;
  /** Skew-corrected time of the event (ms since epoch). */
  at: number;
  receivedAt: number;
  /** The sender's IP as privacy settings allow (truncated or hashed), or null. */
  ip?: string | null;
  /** Server-side findings, e.g. `identity_unverified` (an identify without a valid signature). */
  flags?: string[];
  /**
   * The event exactly as the client sent it (its own `timestamp` included). A server's event
   * (flag `server`) may lack `anonymousId`, `sessionId` and `context`; a browser's has them.
   */
  event: ServerEvent;
  /** `event` as JSON text, when the caller already has it (saves serialising it twice). */
  json?: string;
}

/** One rejected event, kept with its reasons so a site owner can fix the tracking. */
export interface QuarantinedEvent {
  siteId: string;
  receivedAt: number;
  index: number;
  eventId: string | null;
  errors: string[];
  /** The event's JSON as received, cut to 4 KB with a marker saying so (ingest/quarantine.ts). */
  raw: string;
}

export interface IngestResult {
  /** Ids that were already stored (or repeated earlier in the same call). */
  duplicateIds: string[];
}

/** One ingest() call waiting for the commit of its group (both adapters commit concurrent calls together). */
export interface PendingIngest {
  events: StoredEvent[];
  quarantined: QuarantinedEvent[];
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

export interface EventFilter {
  siteId?: string;
  /** Inclusive lower and exclusive upper bound on `at`, ms since epoch. */
  from?: number;
  to?: number;
  /**
   * Only these event types (e.g. `['survey']` for the analyst UI's survey page). A hint for
   * speed: an adapter may ignore it, so callers still check each event's type.
   */
  types?: EventType[];
}

/** Identities of one person (or a superset of them): events match if either id is listed. */
export interface IdentitySet {
  anonymousIds: string[];
  userIds: string[];
}

/** What eventsForIdentities looks for: the events of an identity set, and the aliases naming some ids. */
export interface IdentityQuery extends IdentitySet {
  /**
   * Also every alias whose previousId is one of these (anonymous) ids, from whatever device: two
   * users' aliases naming one anonymous id decide together whether it joins either.
   */
  aliasesNaming?: string[];
}

/** A distinct pair seen together on an event: a user id on an anonymous id, or an alias's previous id. */
export interface IdentityLink {
  anonymousId: string;
  userId: string;
  /** `previousId` of an alias event (another anonymous or user id joined to userId), else null. */
  previousId: string | null;
}

/** One erasure, kept so an operator can show that a deletion request was honoured. */
export interface ErasureRecord {
  /** The customer id the request named. */
  customerId: string;
  /**
   * Ids wholly the customer's: every event naming one as its anonymousId or userId is erased,
   * also one that arrived after the journey was read.
   */
  identities: IdentitySet;
  /**
   * Anonymous ids the customer shared with someone else (a shared computer): only the customer's
   * own events on them go, named in `events`.
   */
  sharedAnonymousIds?: string[];
  /** The customer's events by (anonymousId, id): exactly what stitching attributes to them. */
  events?: { anonymousId: string; id: string }[];
  /** Who asked and why, e.g. `{"credential":"admin-token","reason":"…"}` (api/routes.ts); free text. */
  requestedBy: string;
}

/** An analyst's note on one journey map cell (a stage column and a row such as `touchpoints`). */
export interface NewMapNote {
  stage: string;
  row: string;
  text: string;
  /** Who owns the follow-up, free text. */
  owner?: string | null;
  /** Where the follow-up stands; `open` when not given. */
  status?: MapNoteStatus;
  /** The pain point kind (`rage_click`, …) an opportunity answers. */
  painPoint?: string | null;
}
export const MAP_NOTE_STATUSES = ['open', 'doing', 'done'] as const;
export type MapNoteStatus = (typeof MAP_NOTE_STATUSES)[number];
export interface MapNote extends NewMapNote {
  id: number;
  owner: string | null;
  status: MapNoteStatus;
  painPoint: string | null;
  createdAt: number;
}

/**
 * What rebuilding journeys reads: every event as a journey row (only the fields journeys use,
 * normalised by journey/event.ts journeyRow), grouped by anonymous id, and the links that join
 * ids. A store has one (Store.journeys), and a worker thread opens its own (open.ts openJourneyReader).
 */
export interface JourneyReader {
  /**
   * Rows of the anonymous ids in `range` (all by default) in (anonymousId, at, arrival) order,
   * ids compared as UTF-8 bytes: all of one device's events arrive together, so journeys can be
   * rebuilt one group at a time in bounded memory. Streamed in pages, yielding the event loop between them.
   * The rows of anonymous ids in `skip` are left out, before they are turned into rows.
   */
  rows(range?: AnonRange, skip?: ReadonlySet<string>): AsyncIterable<JourneyRow>;
  /**
   * Rows of every event whose anonymousId or userId is in the set, and of every alias naming one
   * of `aliasesNaming`, in (at, arrival) order: one customer's (or one linked group's) events.
   */
  rowsOf(ids: IdentityQuery): Promise<JourneyRow[]>;
  /** Every distinct identity link (see IdentityLink), flagged events included; callers decide what stitches. */
  identityLinks(): Promise<IdentityLink[]>;
  /**
   * The ids on the events rowsOf(ids) would return, without the rows: each event's anonymous id,
   * user id and (an alias's) previous id, repeats dropped. What widening a customer's group to
   * every id it links asks, round after round, before its rows are read once (state/customer-group.ts).
   */
  identitiesOf(ids: IdentityQuery): Promise<{ anonymousId: string; userId: string | null; previousId: string | null }[]>;
}

/** Where a worker thread opens a JourneyReader of its own on the same data (open.ts openJourneyReader). */
export type ReaderSource =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; connectionString: string; schema: string };

/** Rejected events kept for the site owner (ingest/quarantine.ts, the read API and the UI). */
export interface QuarantineStore {
  /** The newest quarantined events first; `before` a seq: the page after the row that had it. */
  listQuarantine(opts?: { siteId?: string; limit?: number; before?: number }): Promise<(QuarantinedEvent & { seq: number })[]>;
  /**
   * Bounds one site's quarantine: deletes its rows received before `since` and all but its
   * newest `rows`, adds how many went to the site's dropped count, and returns that number.
   */
  trimQuarantine(siteId: string, keep: { rows: number; since: number }): Promise<number>;
  /** How many quarantined events trimQuarantine() dropped, for one site or all. */
  quarantineDropped(siteId?: string): Promise<number>;
}

/** Journey map notes (analyst UI): added, listed oldest first, deleted by id (false when absent). */
export interface MapNoteStore {
  addMapNote(note: NewMapNote): Promise<MapNote>;
  listMapNotes(): Promise<MapNote[]>;
  deleteMapNote(id: number): Promise<boolean>;
  /** Moves a note to another status; false when it does not exist. */
  setMapNoteStatus(id: number, status: MapNoteStatus): Promise<boolean>;
}

/** A saved segment (segments/): its definition as the JSON it was saved as; the read service validates it. */
export interface SavedSegment { id: string; name: string; definition: unknown; createdAt: number }

/** Saved segments: listed oldest first, found by id, created (the store makes the id), deleted by id (false when absent). */
export interface SegmentStore {
  list(): Promise<SavedSegment[]>;
  get(id: string): Promise<SavedSegment | null>;
  create(s: { name: string; definition: unknown }): Promise<SavedSegment>;
  delete(id: string): Promise<boolean>;
}

/** An analyst's note of what changed when (a release, a campaign, a fixed checkout), on a UTC day. */
export interface NewAnnotation {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 1–500 characters. */
  text: string;
}
export interface Annotation extends NewAnnotation { id: number; createdAt: number }

/** Annotations: added, listed by date (then as added), deleted by id (false when absent). */
export interface AnnotationStore {
  add(a: NewAnnotation): Promise<Annotation>;
  list(): Promise<Annotation[]>;
  delete(id: number): Promise<boolean>;
}

/** A webhook delivery to make (actions/): `key` names the moment, unique per action. */
export interface NewDelivery { actionId: string; key: string; customerId: string; payload: string }

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery extends NewDelivery {
  /** The webhook-id: made once, the same on every attempt. */
  id: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  /** When the next attempt is due (pending). */
  nextAt: number;
  firstAttemptAt: number | null;
  /** The receiver's HTTP status of the last attempt, or null (no answer). */
  lastStatus: number | null;
  lastError: string | null;
  /** Milliseconds from the moment's commit to the receiver's 2xx, on the delivered attempt. */
  latencyMs: number | null;
  deliveredAt: number | null;
}

/** How an attempt ended: delivered, to be retried at `nextAt`, or dead (given up). */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  nextAt?: number;
  lastStatus: number | null;
  lastError: string | null;
  latencyMs?: number;
  at: number;
}

/**
 * The actions outbox: a delivery is stored once per (action, moment) and claimed with a lease, so
 * several collectors deliver each one once, and a killed collector's claims come back when the
 * lease ends.
 */
export interface DeliveryStore {
  /** Stores the deliveries whose (actionId, key) is new, due now; returns how many were new. */
  enqueue(deliveries: NewDelivery[], now: number): Promise<number>;
  /** Up to `limit` due, unclaimed deliveries of one action, claimed until now + leaseMs. */
  claim(actionId: string, limit: number, now: number, leaseMs: number): Promise<Delivery[]>;
  /** Records an attempt's outcome and releases the claim. */
  finish(id: string, outcome: DeliveryOutcome): Promise<void>;
  /** Newest first. */
  list(q: { actionId?: string; status?: DeliveryStatus; limit: number }): Promise<Delivery[]>;
  get(id: string): Promise<Delivery | null>;
  /** A dead (or delivered) delivery due again now, attempts from zero; false when the id is unknown. */
  resend(id: string, now: number): Promise<boolean>;
  /** Deliveries per action and status. */
  counts(): Promise<{ actionId: string; status: DeliveryStatus; count: number }[]>;
  /** Deletes every delivery about these customer ids (an erasure): their payloads hold the customer's data. */
  forget(customerIds: string[]): Promise<number>;
}

/** A changed anonymous id claimed for rebuilding; `mark` changes whenever its events do, so a release after a rebuild keeps a newer change. */
export interface DirtyClaim { anonymousId: string; mark: string }

/** One customer's journey state as stored: JSON text (journey/journey-state.ts) and what it covers. */
export interface StateRow { customerId: string; anonymousIds: string[]; state: string }

/** What commitStates does in one transaction. */
export interface StateCommit {
  /** Customer ids whose states go (merged into another customer, erased, no events left). */
  remove: string[];
  write: StateRow[];
  /** Claims to release: each dirty mark goes only if it is still the claimed one. */
  done: DirtyClaim[];
  /** The data version the states were built from (read before their events). */
  dataVersion: string;
  /**
   * The actions' deliveries these journeys make, stored (each new (action, key) once) in the same
   * transaction as the states, so a moment is kept exactly when the state that shows it is.
   */
  deliveries?: { list: NewDelivery[]; now: number };
}

/**
 * Journey states kept per customer (collector/src/state/). Every ingest and erasure marks the
 * anonymous ids it touches as dirty in its own commit; a background worker claims dirty ids
 * with leases (several collectors share the work; a dead one's claims expire), rebuilds their
 * customers and commits the states. Readers follow the states by a sequence number.
 */
export interface JourneyStateStore {
  /**
   * Up to `limit` dirty anonymous ids no one holds (or whose claim expired), claimed for `leaseMs`:
   * the longest-waiting first; or, given `after`, the ids after it in byte order, returned in that
   * order, so a caller taking every id (a full rebuild) pages through them in one pass.
   */
  claim(owner: string, limit: number, leaseMs: number, after?: string): Promise<DirtyClaim[]>;
  /** Lets claims go unfinished (shutting down), so another worker takes them at once. */
  unclaim(claims: DirtyClaim[]): Promise<void>;
  /** The stored states covering any of these anonymous ids: their customer ids and all the anonymous ids each covers. */
  covering(anonymousIds: string[]): Promise<{ customerId: string; anonymousIds: string[] }[]>;
  /**
   * Writes and removes states and releases claims, in one transaction; false (nothing done,
   * claims released for a retry) when an erasure committed after `dataVersion` was read.
   */
  commit(c: StateCommit): Promise<boolean>;
  /** Increases with every committed change of states. */
  seq(): Promise<number>;
  /** States changed after seq `after` up to `upTo`, keyset pages by (seq, id). */
  changed(after: { seq: number; id: number }, upTo: number, limit: number): Promise<{ seq: number; id: number; state: string }[]>;
  /** Row ids of states removed after seq `after` up to `upTo`. */
  removed(after: number, upTo: number): Promise<number[]>;
  /** One state by customer id, or by an anonymous id it covers. */
  stateOf(id: string): Promise<{ customerId: string; state: string; dataVersion: string; seq: number } | null>;
  /** Dirty anonymous ids waiting (claimed or not). */
  backlog(): Promise<number>;
  /** Whether any of these anonymous ids has events not yet built into its state (one indexed look-up each). */
  dirty(anonymousIds: string[]): Promise<boolean>;
  /** Marks every anonymous id with events dirty (a full rebuild); returns how many. */
  markAll(): Promise<number>;
  /** Small settings the worker keeps (the configuration fingerprint, a rebuild's size). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
}

/** One saved version of a prediction model (predict/model.ts), with how it fared on held-out customers. */
export interface SavedPredictionModel {
  version: number;
  kind: string;
  trainedAt: number;
  /** The model as plain JSON, and its evaluation (null when none could be made). */
  model: unknown;
  evaluation: unknown;
}

/** Prediction models: every retraining saves a new version; the newest of a kind is served. */
export interface PredictionModelStore {
  /** Saves a new version and returns it (versions rise across all kinds). */
  savePredictionModel(m: Omit<SavedPredictionModel, 'version'>): Promise<SavedPredictionModel>;
  /** Versions of a kind, newest first (the newest alone by default). */
  predictionModels(kind: string, limit?: number): Promise<SavedPredictionModel[]>;
}

export interface Store extends QuarantineStore, MapNoteStore, PredictionModelStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Lifecycle actions' webhook outbox. */
  readonly deliveries: DeliveryStore;
  /** Per-customer journey states and the dirty marks that keep them current. */
  readonly states: JourneyStateStore;
  /** Saved segments (the read API's and UI's segment filter). */
  readonly segments: SegmentStore;
  /** Analysts' dated notes: what changed when. */
  readonly annotations: AnnotationStore;
  /** Journey rows and identity links: what every aggregate and every customer's journey is rebuilt from. */
  readonly journeys: JourneyReader;
  /**
   * Stores events (deduplicated by id) and quarantined events in one durable commit. The
   * promise resolves only after the commit is on disk, so a 200 can be sent.
   */
  ingest(events: StoredEvent[], quarantined: QuarantinedEvent[]): Promise<IngestResult>;
  /** Every stored event matching the filter, in (at, id) order, streamed in pages. */
  scanEvents(filter?: EventFilter): AsyncIterable<StoredEvent>;
  /**
   * Every event whose anonymousId or userId is in the set, and every alias naming one of
   * `aliasesNaming`, in (at, id) order, whole (export, the raw event in the UI).
   */
  eventsForIdentities(ids: IdentityQuery, filter?: EventFilter): Promise<StoredEvent[]>;
  /** Stored events per UTC day (`YYYY-MM-DD`, oldest first) for the analyst overview. */
  eventsPerDay(filter?: EventFilter): Promise<{ day: string; count: number }[]>;
  /** About how many events are stored: enough to decide whether a pass is worth worker threads. */
  eventCount(): Promise<number>;
  /**
   * `parts` ranges of anonymous ids holding about as many events each, in id order, covering
   * every id (fewer when the store holds few ids): one per worker of a parallel pass.
   */
  splitRanges(parts: number): Promise<AnonRange[]>;
  /** Where a worker thread reads the same data, or null when only this store can (an in-memory database). */
  readerSource(): ReaderSource | null;
  /**
   * Brings the query planner's statistics up to date where they are missing or stale, and says
   * whether it did (PostgreSQL: ANALYZE a table once a tenth of it changed since the last one;
   * SQLite: nothing to do). Without statistics PostgreSQL takes a customer's point query for a
   * large one and plans a scan; autovacuum usually keeps them, but it may be off or behind a bulk load.
   */
  refreshStatistics(): Promise<boolean>;
  /**
   * Erases a customer in one transaction: the events of `identities` and the listed `events`,
   * every quarantined event naming one of the customer's ids (identities and shared anonymous
   * ids, as anonymousId, userId or previousId), and the identity links no remaining event
   * carries; records the erasure (who, which ids, how many events, when). The erased bytes leave
   * the database file where the store can promise it (SQLite). Returns how many events were deleted.
   */
  eraseIdentities(erasure: ErasureRecord): Promise<{ deleted: number }>;
  /**
   * Changes whenever the stored events change (ingest or erasure), as seen by every process
   * sharing the database. Caches of aggregates are valid while it stays the same.
   * Shaped `<writes>.<erasures>`: the part after the dot changes with every erasure, so a cache
   * never serves an older result across one (see read/service.ts, allowStale).
   */
  dataVersion(): Promise<string>;
  close(): Promise<void>;
}

// The SQLite schema as versioned migrations, applied in order when a store opens.
import type Database from 'better-sqlite3';

/**
 * Versioned migrations, applied in order at open; the table `schema_migrations` records which
 * ran. Append new ones with a new name; never edit or reorder old ones.
 */
export const SQLITE_MIGRATIONS: { name: string; sql: string }[] = [
  { name: '001_events', sql: `
  -- seq is the rowid: rows are appended in arrival order, so inserts stay sequential whatever
  -- ids clients send. The id index holds 16-byte blobs and is the only random-order B-tree.
  CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    site_id      TEXT    NOT NULL,
    type         TEXT    NOT NULL CHECK (type IN ('page','track','identify','alias','survey')),
    name         TEXT,
    anonymous_id TEXT    NOT NULL,
    user_id      TEXT,
    session_id   TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    ip           TEXT,               -- never raw by default: truncated or salted hash (config.privacy.ip)
    flags        TEXT,               -- JSON array, e.g. ["identity_unverified"]
    body         TEXT    NOT NULL
  );
  CREATE INDEX events_by_anonymous ON events (anonymous_id, at);
  CREATE INDEX events_by_user ON events (user_id, at) WHERE user_id IS NOT NULL;
  CREATE INDEX events_by_at ON events (at);

  CREATE TABLE quarantine (
    seq         INTEGER PRIMARY KEY,
    site_id     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    event_id    TEXT,
    errors      TEXT    NOT NULL,
    raw         TEXT    NOT NULL
  );
  ` },
  { name: '002_erasures', sql: `
  -- One row per honoured erasure request (DELETE /v1/customers/:id): the audit trail. It holds
  -- ids, not events, so it does not undo the erasure.
  CREATE TABLE erasures (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL,
    identities   TEXT    NOT NULL,   -- JSON { anonymousIds, userIds }
    requested_by TEXT    NOT NULL,
    deleted      INTEGER NOT NULL
  );
  ` },
  { name: '003_map_notes', sql: `
  -- Analysts' notes on journey map cells (thoughts, opportunities, owners): what no data supplies.
  CREATE TABLE map_notes (
    seq        INTEGER PRIMARY KEY,
    stage      TEXT    NOT NULL,
    row_key    TEXT    NOT NULL,
    text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    owner      TEXT,
    created_at INTEGER NOT NULL
  );
  ` },
  { name: '004_identity_links_index', sql: `
  -- identityLinks() reads (user_id, anonymous_id, type) from this index alone instead of
  -- visiting every identified event's row: a full-table pass per journey map otherwise.
  CREATE INDEX events_identity_links ON events (user_id, anonymous_id, type) WHERE user_id IS NOT NULL;
  ` },
  { name: '005_survey_answers_index', sql: `
  -- The analyst UI's survey page reads only survey answers (scanEvents({ types: ['survey'] })):
  -- a partial index holds just those rows, so it costs ingest nothing for other events.
  CREATE INDEX events_survey_answers ON events (at) WHERE type = 'survey';
  ` },
  { name: '006_unproven_alias_flags', sql: `
  -- An alias's previousId now merges two users only when the site's backend signed it too
  -- (ingest/identity.ts). No alias stored before carried that proof: flag them so stitching stops
  -- merging on their word.
  UPDATE events SET flags = json_insert(coalesce(flags, '[]'), '$[#]', 'previous_id_unverified')
  WHERE type = 'alias' AND json_extract(body, '$.previousId') IS NOT NULL
    AND json_extract(body, '$.previousId') IS NOT user_id
    AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(flags, '[]')) WHERE value = 'previous_id_unverified');
  ` },
  { name: '007_alias_previous_id_index', sql: `
  -- eventsForIdentities({ aliasesNaming }): the aliases that name an anonymous id, from any
  -- device, found without a scan. Partial: only alias rows, a handful per customer.
  CREATE INDEX events_alias_previous_id ON events (json_extract(body, '$.previousId')) WHERE type = 'alias';
  ` },
  { name: '008_quarantine_limits', sql: `
  -- The quarantine is bounded per site (trimQuarantine): by age and by row count, newest kept.
  -- What was dropped is counted, so the UI can say that older rejects are gone.
  CREATE INDEX quarantine_by_site ON quarantine (site_id);
  CREATE INDEX quarantine_by_site_age ON quarantine (site_id, received_at);
  CREATE TABLE quarantine_dropped (
    site_id TEXT    PRIMARY KEY,
    dropped INTEGER NOT NULL
  );
  ` },
  { name: '009_action_deliveries', sql: `
  -- Lifecycle actions' webhook outbox (actions/): one row per (action, moment), claimed with a
  -- lease by the collector delivering it.
  CREATE TABLE action_deliveries (
    id               TEXT    PRIMARY KEY,
    action_id        TEXT    NOT NULL,
    moment           TEXT    NOT NULL,
    customer_id      TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending','delivered','dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_at          INTEGER NOT NULL,
    lease_until      INTEGER NOT NULL DEFAULT 0,
    first_attempt_at INTEGER,
    last_status      INTEGER,
    last_error       TEXT,
    latency_ms       INTEGER,
    delivered_at     INTEGER,
    UNIQUE (action_id, moment)
  );
  CREATE INDEX action_deliveries_due ON action_deliveries (action_id, next_at) WHERE status = 'pending';
  CREATE INDEX action_deliveries_by_customer ON action_deliveries (customer_id);
  ` },
  { name: '010_map_note_status', sql: `
  -- Opportunities on the journey map: a note with a status and the pain point it answers.
  ALTER TABLE map_notes ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'doing', 'done'));
  ALTER TABLE map_notes ADD COLUMN pain_point TEXT;
  ` },
  { name: '011_journey_states', sql: `
  -- Per-customer journey states (collector/src/state/), kept current by a background worker.
  -- id is what removals name (customer ids do not outlive an erasure there); AUTOINCREMENT so an
  -- id is never reused and a reader that missed a removal cannot mistake a new state for it.
  CREATE TABLE journey_states (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  TEXT    NOT NULL UNIQUE,
    state        TEXT    NOT NULL,   -- JSON, journey/journey-state.ts
    data_version TEXT    NOT NULL,   -- the data version it was built from
    built        INTEGER NOT NULL,   -- that version's write count: an older build never replaces a newer one
    seq          INTEGER NOT NULL    -- journey_state_meta 'seq' of the commit that wrote it
  );
  CREATE INDEX journey_states_by_seq ON journey_states (seq, id);
  -- Which states cover an anonymous id: what a rebuild replaces.
  CREATE TABLE journey_state_ids (
    anonymous_id TEXT    NOT NULL,
    state_id     INTEGER NOT NULL,
    PRIMARY KEY (anonymous_id, state_id)
  ) WITHOUT ROWID;
  CREATE INDEX journey_state_ids_by_state ON journey_state_ids (state_id);
  CREATE TABLE journey_state_removals (
    seq      INTEGER NOT NULL,
    state_id INTEGER NOT NULL
  );
  CREATE INDEX journey_state_removals_by_seq ON journey_state_removals (seq);
  -- Anonymous ids whose events changed since their customer's state was built. mark changes
  -- with every change; claimed_by/claim_until is a worker's lease on it.
  CREATE TABLE journey_state_dirty (
    anonymous_id TEXT    PRIMARY KEY,
    mark         INTEGER NOT NULL,
    claimed_by   TEXT,
    claim_until  INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE journey_state_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  INSERT INTO journey_state_meta (key, value) VALUES ('seq', '0');
  -- Marked in the commit that changes the events, whichever connection or thread makes it.
  CREATE TRIGGER journey_state_mark_insert AFTER INSERT ON events BEGIN
    INSERT INTO journey_state_dirty (anonymous_id, mark) VALUES (NEW.anonymous_id, NEW.seq)
    ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark;
  END;
  CREATE TRIGGER journey_state_mark_delete AFTER DELETE ON events BEGIN
    INSERT INTO journey_state_dirty (anonymous_id, mark) VALUES (OLD.anonymous_id, -(abs(random()) % 4503599627370496)) -- negative: never an insert's seq; within JS's safe integers
    ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark;
  END;
  ` },
  { name: '012_prediction_models', sql: `
  -- Every trained prediction model and its evaluation, as JSON: a new row per retraining, so what
  -- was served at any time (and how good it was) can be shown again.
  CREATE TABLE prediction_models (
    version    INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    trained_at INTEGER NOT NULL,
    model      TEXT    NOT NULL,
    evaluation TEXT
  );
  CREATE INDEX prediction_models_by_kind ON prediction_models (kind, version);
  ` },
  { name: '015_dirty_claim_order', sql: `
  -- When an anonymous id became dirty (the seq of the first change not yet built; a change while
  -- dirty keeps it): workers claim the longest-waiting first, so under a backlog no customer waits
  -- behind ids that keep changing, as key order let happen.
  ALTER TABLE journey_state_dirty ADD COLUMN since INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX journey_state_dirty_by_since ON journey_state_dirty (since);
  DROP TRIGGER journey_state_mark_insert;
  CREATE TRIGGER journey_state_mark_insert AFTER INSERT ON events BEGIN
    INSERT INTO journey_state_dirty (anonymous_id, mark, since) VALUES (NEW.anonymous_id, NEW.seq, NEW.seq)
    ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark;
  END;
  ` },
  { name: '016_segments', sql: `
  -- Saved segments: a name and a definition (JSON, validated by the read service before saving).
  CREATE TABLE segments (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  ` },
  { name: '017_annotations', sql: `
  -- Analysts' dated notes of what changed when: markers on the overview, boundaries of a comparison.
  CREATE TABLE annotations (
    id         INTEGER PRIMARY KEY,
    day        TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    created_at INTEGER NOT NULL
  );
  ` },
  { name: '018_events_journey_index', sql: `
  -- Every column a journey reads, in (anonymous_id, at, seq) order: a rebuild reads a customer's
  -- events from neighbouring index pages instead of one table page per event (the table is in
  -- arrival order, so a customer's events lie all over it), and never parses a body. The two
  -- expressions must stay the ones journey-rows.ts selects: only then does SQLite read them from
  -- the index. It replaces events_by_anonymous, a prefix of it.
  CREATE INDEX events_journey ON events (anonymous_id, at, seq, id, site_id, type, name, user_id, session_id, flags,
    json_extract(body, '$.context.url', '$.context.referrer', '$.context.utm', '$.channel', '$.properties', '$.previousId', '$.context.title'),
    (CASE WHEN type = 'identify' THEN json_extract(body, '$.traits') END));
  DROP INDEX events_by_anonymous;
  ` },
];

/** Applies the migrations not yet recorded in schema_migrations. */
export function migrate(db: Database.Database) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  // An existing store may hold millions of events, and an index built over them takes minutes
  // (events_journey: 12-15 s per million events here): say what the wait is.
  const upgrading = done.size > 0;
  // An index is built by sorting every row: in temporary files, not in memory as the store's
  // connection keeps its temporary data (at 10M events that sort took 5 GB of RAM).
  const temp = db.pragma('temp_store', { simple: true });
  if (upgrading) db.pragma('temp_store = FILE');
  for (const m of SQLITE_MIGRATIONS) {
    if (done.has(m.name)) continue;
    const t = Date.now();
    if (upgrading) console.error(`waymark: upgrading the store: ${m.name} ...`);
    // IMMEDIATE: a second process opening the same file waits instead of applying it twice.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(m.name)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, Date.now());
    }).immediate();
    if (upgrading) console.error(`waymark: upgraded the store: ${m.name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  db.pragma(`temp_store = ${temp}`);
}

// The PostgreSQL schema, as named migrations applied in order under an advisory lock.
// Append new ones with a new name; never edit or reorder old ones.
//
// Distribution (see collector/README.md, "Scaling"): every per-person table carries
// `anonymous_id`, the device key the SDK mints once and sends with every event, so the same
// schema can be sharded by Citus with `create_distributed_table('events', 'anonymous_id')`.
// Unique constraints must include that column under Citus, hence the key (anonymous_id, id).
import type pg from 'pg';

export const POSTGRES_MIGRATIONS: { name: string; sql: string }[] = [
  { name: '001_events', sql: `
  -- Ids and keys compare byte-wise (COLLATE "C"), as in SQLite: scans by anonymous id come
  -- back in the same order on both stores, and the B-trees skip locale rules.
  CREATE TABLE events (
    anonymous_id text COLLATE "C" NOT NULL,
    id           uuid   NOT NULL,
    -- Arrival order: breaks ties on "at" the way SQLite's rowid does, for keyset pagination.
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    site_id      text COLLATE "C" NOT NULL,
    type         text   NOT NULL CHECK (type IN ('page','track','identify','alias','survey')),
    name         text,
    user_id      text COLLATE "C",
    session_id   text COLLATE "C" NOT NULL,
    at           bigint NOT NULL,
    received_at  bigint NOT NULL,
    ip           text,
    flags        text[],
    body         jsonb  NOT NULL,
    -- Dedupe key. A retried event carries the same id and the same anonymous id (both are
    -- minted together by the SDK), so this is exactly-once per event, and it is a legal unique
    -- constraint on a table distributed by anonymous_id.
    PRIMARY KEY (anonymous_id, id)
  );
  CREATE INDEX events_by_anonymous ON events (anonymous_id, at, seq);
  CREATE INDEX events_by_user ON events (user_id, at) WHERE user_id IS NOT NULL;
  CREATE INDEX events_by_at ON events (at, seq);

  -- Who is who: one row per distinct (anonymous id, user id, alias previous id) seen on an
  -- event, written with the event. Small (people, not events), so journeys look it up instead
  -- of scanning events; under Citus it is distributed by anonymous_id too, colocated with events.
  CREATE TABLE identity_links (
    anonymous_id text COLLATE "C" NOT NULL,
    user_id      text COLLATE "C" NOT NULL,
    previous_id  text COLLATE "C" NOT NULL DEFAULT '',   -- '' when not an alias
    PRIMARY KEY (anonymous_id, user_id, previous_id)
  );
  CREATE INDEX identity_links_by_user ON identity_links (user_id);

  CREATE TABLE quarantine (
    site_id     text COLLATE "C" NOT NULL,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    received_at bigint NOT NULL,
    idx         integer NOT NULL,
    event_id    text,
    errors      jsonb  NOT NULL,
    raw         text   NOT NULL,
    PRIMARY KEY (site_id, seq)
  );
  CREATE INDEX quarantine_by_seq ON quarantine (seq);

  -- The audit trail of honoured erasure requests: ids, not events, so it does not undo them.
  CREATE TABLE erasures (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           bigint NOT NULL,
    customer_id  text   NOT NULL,
    identities   jsonb  NOT NULL,
    requested_by text   NOT NULL,
    deleted      bigint NOT NULL
  );

  -- dataVersion(): one counter per writer (a collector's flush slot), bumped in the same
  -- statement that writes events. The sum only grows and only moves when a write commits, on
  -- whichever collector; separate rows keep writers from queueing on one row lock.
  CREATE TABLE data_versions (
    writer  text   PRIMARY KEY,
    version bigint NOT NULL
  );
  ` },
  { name: '002_rate_limit_windows', sql: `
  -- Shared rate-limit counters: one row per write key and window, so every collector draws on
  -- the same budget (rate-limit.ts).
  CREATE TABLE rate_limit_windows (
    key          text   NOT NULL,
    window_start bigint NOT NULL,
    used         bigint NOT NULL,
    PRIMARY KEY (key, window_start)
  );
  ` },
  { name: '003_map_notes', sql: `
  -- Analysts' notes on journey map cells. Few rows, read on every map: a Citus reference table.
  CREATE TABLE map_notes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stage      text   NOT NULL,
    row_key    text   NOT NULL,
    text       text   NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    owner      text,
    created_at bigint NOT NULL
  );
  ` },
  { name: '004_unproven_alias_flags', sql: `
  -- An alias's previousId now merges two users only when the site's backend signed it too
  -- (ingest/identity.ts). No alias stored before carried that proof: flag them so stitching stops
  -- merging on their word.
  UPDATE events SET flags = array_append(coalesce(flags, '{}'), 'previous_id_unverified')
  WHERE type = 'alias' AND body->>'previousId' IS NOT NULL AND body->>'previousId' IS DISTINCT FROM user_id
    AND NOT ('previous_id_unverified' = ANY (coalesce(flags, '{}')));
  ` },
  { name: '005_identity_links_by_previous_id', sql: `
  -- eventsForIdentities({ aliasesNaming }): which devices sent an alias naming an anonymous id.
  CREATE INDEX identity_links_by_previous_id ON identity_links (previous_id) WHERE previous_id <> '';
  ` },
  { name: '006_quarantine_limits', sql: `
  -- The quarantine is bounded per site (trimQuarantine): by age and by row count, newest kept;
  -- the primary key (site_id, seq) serves the count. What was dropped is counted per site.
  CREATE INDEX quarantine_by_site_age ON quarantine (site_id, received_at);
  CREATE TABLE quarantine_dropped (
    site_id text COLLATE "C" PRIMARY KEY,
    dropped bigint NOT NULL
  );
  ` },
  { name: '007_action_deliveries', sql: `
  -- Lifecycle actions' webhook outbox (actions/): one row per (action, moment), claimed with a
  -- lease (FOR UPDATE SKIP LOCKED) by the collector delivering it.
  CREATE TABLE action_deliveries (
    id               text    PRIMARY KEY,
    action_id        text    NOT NULL,
    moment           text    NOT NULL,
    customer_id      text    NOT NULL,
    payload          text    NOT NULL,
    status           text    NOT NULL CHECK (status IN ('pending','delivered','dead')),
    attempts         integer NOT NULL DEFAULT 0,
    created_at       bigint  NOT NULL,
    next_at          bigint  NOT NULL,
    lease_until      bigint  NOT NULL DEFAULT 0,
    first_attempt_at bigint,
    last_status      integer,
    last_error       text,
    latency_ms       integer,
    delivered_at     bigint,
    UNIQUE (action_id, moment)
  );
  CREATE INDEX action_deliveries_due ON action_deliveries (action_id, next_at) WHERE status = 'pending';
  CREATE INDEX action_deliveries_by_customer ON action_deliveries (customer_id);
  ` },
  { name: '008_map_note_status', sql: `
  -- Opportunities on the journey map: a note with a status and the pain point it answers.
  ALTER TABLE map_notes ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'doing', 'done'));
  ALTER TABLE map_notes ADD COLUMN pain_point text;
  ` },
  { name: '009_journey_states', sql: `
  -- Per-customer journey states (collector/src/state/); the SQLite schema says what each holds.
  CREATE TABLE journey_states (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  text COLLATE "C" NOT NULL UNIQUE,
    state        text   NOT NULL,
    data_version text   NOT NULL,
    built        bigint NOT NULL,
    seq          bigint NOT NULL
  );
  CREATE INDEX journey_states_by_seq ON journey_states (seq, id);
  CREATE TABLE journey_state_ids (
    anonymous_id text COLLATE "C" NOT NULL,
    state_id     bigint NOT NULL,
    PRIMARY KEY (anonymous_id, state_id)
  );
  CREATE INDEX journey_state_ids_by_state ON journey_state_ids (state_id);
  CREATE TABLE journey_state_removals (
    seq      bigint NOT NULL,
    state_id bigint NOT NULL
  );
  CREATE INDEX journey_state_removals_by_seq ON journey_state_removals (seq);
  CREATE SEQUENCE journey_state_marks;
  CREATE TABLE journey_state_dirty (
    anonymous_id text COLLATE "C" PRIMARY KEY,
    mark         bigint NOT NULL,
    claimed_by   text,
    claim_until  bigint
  );
  -- 'seq' is also the lock that orders state commits and erasures (postgres/journey-states.ts).
  CREATE TABLE journey_state_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
  );
  INSERT INTO journey_state_meta (key, value) VALUES ('seq', '0');
  -- Marked in the statement that changes the events, once per anonymous id, in id order (so
  -- two collectors' inserts lock the marks in one order).
  CREATE FUNCTION journey_state_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO journey_state_dirty (anonymous_id, mark)
    SELECT anonymous_id, nextval('journey_state_marks') FROM (SELECT DISTINCT anonymous_id FROM changed ORDER BY 1) d
    ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark;
    RETURN NULL;
  END $fn$;
  CREATE TRIGGER journey_state_mark_insert AFTER INSERT ON events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION journey_state_mark_changed();
  CREATE TRIGGER journey_state_mark_delete AFTER DELETE ON events REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION journey_state_mark_changed();
  ` },
  { name: '010_prediction_models', sql: `
  -- Every trained prediction model and its evaluation: a new row per retraining. Few rows, read
  -- whole: a Citus reference table.
  CREATE TABLE prediction_models (
    version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text   NOT NULL,
    trained_at bigint NOT NULL,
    model      jsonb  NOT NULL,
    evaluation jsonb
  );
  CREATE INDEX prediction_models_by_kind ON prediction_models (kind, version);
  ` },
  { name: '013_dirty_claim_order', sql: `
  -- When an anonymous id became dirty (the mark of the first change not yet built; a change while
  -- dirty keeps it): workers claim the longest-waiting first, so under a backlog no customer waits
  -- behind ids that keep changing, as key order let happen.
  ALTER TABLE journey_state_dirty ADD COLUMN since bigint NOT NULL DEFAULT 0;
  CREATE INDEX journey_state_dirty_by_since ON journey_state_dirty (since);
  CREATE OR REPLACE FUNCTION journey_state_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO journey_state_dirty (anonymous_id, mark, since)
    SELECT anonymous_id, m, m FROM (SELECT anonymous_id, nextval('journey_state_marks') AS m FROM (SELECT DISTINCT anonymous_id FROM changed ORDER BY 1) d) n
    ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark;
    RETURN NULL;
  END $fn$;
  ` },
  { name: '014_segments', sql: `
  -- Saved segments: a name and a definition (validated by the read service before saving).
  CREATE TABLE segments (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    name text NOT NULL,
    definition jsonb NOT NULL,
    created_at bigint NOT NULL
  );
  ` },
  { name: '015_annotations', sql: `
  -- Analysts' dated notes of what changed when. Few rows: a Citus reference table.
  CREATE TABLE annotations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day        date   NOT NULL,
    text       text   NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    created_at bigint NOT NULL
  );
  ` },
];

/**
 * Applies pending migrations in one transaction. The transaction-scoped advisory lock makes
 * collectors that start together queue here: the first applies, the others find nothing to do.
 */
export async function migrate(client: pg.PoolClient, migrations = POSTGRES_MIGRATIONS): Promise<string[]> {
  const applied: string[] = [];
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':waymark-migrations'))`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
  return applied;
}

// The journey queries must find their rows and columns in events_journey alone: if the columns
// they select drift from the expressions the index holds, SQLite silently goes back to reading
// one table row and parsing one body per event, and a full rebuild slows by a third or more.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store.js';
import { IDENTITY_COLUMNS, JOURNEY_COLUMNS, scanPageSql } from './journey-rows.js';
import { identitySql } from './event-queries.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-journey-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(store: SqliteStore, sql: string, ...params: unknown[]): string {
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('SQLite journey queries', () => {
  const store = new SqliteStore(join(dir, 'plan.db'));
  afterAll(() => store.close());

  it('pages a scan from the covering index', () => {
    for (const bounded of [false, true]) {
      const p = plan(store, scanPageSql(bounded), ...(bounded ? ['', 0, 0, 'z'] : ['', 0, 0]));
      expect(p).toContain('COVERING INDEX events_journey');
      expect(p).not.toContain('TEMP B-TREE');
    }
    // Skipping linked ids: one probe of the temporary table per row, the scan unchanged.
    store.db.exec('CREATE TEMP TABLE skip_plan (id TEXT PRIMARY KEY) WITHOUT ROWID');
    const p = plan(store, scanPageSql(true, 'skip_plan'), '', 0, 0, 'z');
    expect(p).toContain('COVERING INDEX events_journey');
    expect(p).toContain('USING INDEX sqlite_autoindex_skip_plan_1 FOR IN-OPERATOR');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('reads the events of given anonymous ids from the covering index, and of user ids through events_by_user', () => {
    const p = plan(store, identitySql(JOURNEY_COLUMNS, [], { anonymousIds: ['a'], userIds: ['u'] })!, { anons: '["a"]', users: '["u"]' });
    expect(p).toContain('USING COVERING INDEX events_journey (anonymous_id=?)');
    expect(p).toContain('USING INDEX events_by_user (user_id=?)');
    expect(p).not.toContain('SCAN events');
    const ids = plan(store, identitySql(IDENTITY_COLUMNS, [], { anonymousIds: ['a'], userIds: [] })!, { anons: '["a"]', users: '[]' });
    expect(ids).toContain('USING COVERING INDEX events_journey (anonymous_id=?)');
  });

  it('replaces events_by_anonymous, which the new index starts with', () => {
    const names = (store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as { name: string }[]).map((r) => r.name);
    expect(names).toContain('events_journey');
    expect(names).not.toContain('events_by_anonymous');
  });
});

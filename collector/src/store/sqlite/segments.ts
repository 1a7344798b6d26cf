// Saved segments on SQLite (store.ts SegmentStore): a small table, written between the writer
// thread's group commits like the other writes of this connection.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SavedSegment, SegmentStore } from '../store.js';
import type { WriteGate } from './journey-states.js';

/** A segment's id: `seg_` and 16 hex digits, safe in a URL and a form. */
export const newSegmentId = () => `seg_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

const segmentOf = (r: any): SavedSegment => ({ id: r.id, name: r.name, definition: JSON.parse(r.definition), createdAt: Number(r.created_at) });

export function sqliteSegments(db: Database.Database, gate: WriteGate = async (w) => w()): SegmentStore {
  return {
    async list() {
      return (db.prepare('SELECT * FROM segments ORDER BY seq').all() as any[]).map(segmentOf);
    },
    async get(id) {
      const r = db.prepare('SELECT * FROM segments WHERE id = ?').get(id);
      return r ? segmentOf(r) : null;
    },
    async create({ name, definition }) {
      const s: SavedSegment = { id: newSegmentId(), name, definition, createdAt: Date.now() };
      await gate(() => db.prepare('INSERT INTO segments (id, name, definition, created_at) VALUES (?, ?, ?, ?)').run(s.id, name, JSON.stringify(definition), s.createdAt));
      return s;
    },
    async delete(id) {
      return gate(() => db.prepare('DELETE FROM segments WHERE id = ?').run(id).changes > 0);
    },
  };
}

// Saved segments on PostgreSQL (store.ts SegmentStore).
import type pg from 'pg';
import { newSegmentId } from '../sqlite/segments.js';
import type { SavedSegment, SegmentStore } from '../store.js';

const segmentOf = (r: any): SavedSegment => ({ id: r.id, name: r.name, definition: r.definition, createdAt: Number(r.created_at) });

export function postgresSegments(pool: pg.Pool): SegmentStore {
  return {
    async list() {
      return (await pool.query('SELECT * FROM segments ORDER BY seq')).rows.map(segmentOf);
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM segments WHERE id = $1', [id]);
      return rows.length ? segmentOf(rows[0]) : null;
    },
    async create({ name, definition }) {
      const s: SavedSegment = { id: newSegmentId(), name, definition, createdAt: Date.now() };
      await pool.query('INSERT INTO segments (id, name, definition, created_at) VALUES ($1, $2, $3, $4)', [s.id, name, JSON.stringify(definition), s.createdAt]);
      return s;
    },
    async delete(id) {
      return ((await pool.query('DELETE FROM segments WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
  };
}

// Annotations on PostgreSQL (store.ts AnnotationStore).
import type pg from 'pg';
import type { Annotation, AnnotationStore } from '../store.js';

const annotationOf = (r: any): Annotation => ({ id: Number(r.id), date: r.day, text: r.text, createdAt: Number(r.created_at) });
// `day` as text: a date column would come back as a JavaScript Date at local midnight.
const COLUMNS = "id, to_char(day, 'YYYY-MM-DD') AS day, text, created_at";

export function postgresAnnotations(pool: pg.Pool): AnnotationStore {
  return {
    async add(a) {
      const { rows } = await pool.query(`INSERT INTO annotations (day, text, created_at) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [a.date, a.text, Date.now()]);
      return annotationOf(rows[0]);
    },
    async list() {
      return (await pool.query(`SELECT ${COLUMNS} FROM annotations ORDER BY day, id`)).rows.map(annotationOf);
    },
    async delete(id) {
      if (!Number.isSafeInteger(id)) return false;
      return ((await pool.query('DELETE FROM annotations WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
  };
}

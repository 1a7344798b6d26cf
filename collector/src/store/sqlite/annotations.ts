// Annotations on SQLite (store.ts AnnotationStore).
import type Database from 'better-sqlite3';
import type { Annotation, AnnotationStore } from '../store.js';

const annotationOf = (r: any): Annotation => ({ id: Number(r.id), date: r.day, text: r.text, createdAt: Number(r.created_at) });

export function sqliteAnnotations(db: Database.Database): AnnotationStore {
  const insert = db.prepare('INSERT INTO annotations (day, text, created_at) VALUES (?, ?, ?) RETURNING *');
  const list = db.prepare('SELECT * FROM annotations ORDER BY day, id');
  const remove = db.prepare('DELETE FROM annotations WHERE id = ?');
  return {
    add: async (a) => annotationOf(insert.get(a.date, a.text, Date.now())),
    list: async () => list.all().map(annotationOf),
    delete: async (id) => remove.run(id).changes > 0,
  };
}

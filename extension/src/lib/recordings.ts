// Recorded sessions (record mode and researcher notes) in the extension's IndexedDB via idb.
// A write counts only once its transaction is done (idb's shortcuts await tx.done).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { EventSchema, describeIssues, type WireEvent } from '../../../wire/schema.js';

export interface RecordedSession {
  id: string;
  /** `recorded`: record mode on a site; `annotations`: notes added while inspecting an SDK session. */
  kind: 'recorded' | 'annotations';
  anonymousId: string;
  startedAt: string;
  endedAt: string | null;
  /** Origin of the first page, shown in the list. */
  site: string;
  events: number;
  upload: { at: string; accepted: number; duplicates: number; rejected: number } | null;
}

interface RecordingsDB extends DBSchema {
  sessions: { key: string; value: RecordedSession };
  events: { key: string; value: WireEvent; indexes: { bySession: [string, string] } };
}

export const EXPORT_FORMAT = 'waymark-recording';

export interface RecordingExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  session: RecordedSession;
  events: WireEvent[];
}

export class ImportError extends Error {}

export interface Recordings {
  startSession(s: Omit<RecordedSession, 'events' | 'upload' | 'endedAt'>): Promise<RecordedSession>;
  endSession(id: string, at: string): Promise<void>;
  addEvent(sessionId: string, event: WireEvent): Promise<void>;
  list(): Promise<RecordedSession[]>;
  events(sessionId: string): Promise<WireEvent[]>;
  exportSession(id: string): Promise<RecordingExport>;
  importSessions(raw: unknown): Promise<RecordedSession[]>;
  remove(id: string): Promise<void>;
  markUploaded(id: string, upload: NonNullable<RecordedSession['upload']>): Promise<void>;
  close(): void;
}

export async function openRecordings(name = 'waymark-extension'): Promise<Recordings> {
  const db: IDBPDatabase<RecordingsDB> = await openDB<RecordingsDB>(name, 1, {
    upgrade(d) {
      d.createObjectStore('sessions', { keyPath: 'id' });
      d.createObjectStore('events', { keyPath: 'id' }).createIndex('bySession', ['sessionId', 'timestamp']);
    },
  });

  const eventsOf = (sessionId: string) =>
    db.getAllFromIndex('events', 'bySession', IDBKeyRange.bound([sessionId, ''], [sessionId, '\uffff']));

  async function put(session: RecordedSession, events: WireEvent[]): Promise<void> {
    const tx = db.transaction(['sessions', 'events'], 'readwrite');
    for (const e of events) void tx.objectStore('events').put(e);
    void tx.objectStore('sessions').put(session);
    await tx.done;
  }

  return {
    async startSession(s) {
      const existing = await db.get('sessions', s.id);
      if (existing) return existing;
      const session: RecordedSession = { ...s, endedAt: null, events: 0, upload: null };
      await db.put('sessions', session);
      return session;
    },
    async endSession(id, at) {
      const tx = db.transaction('sessions', 'readwrite');
      const s = await tx.store.get(id);
      if (s) await tx.store.put({ ...s, endedAt: at });
      await tx.done;
    },
    async addEvent(sessionId, event) {
      if (event.sessionId !== sessionId) throw new Error(`event ${event.id} belongs to session ${event.sessionId}, not ${sessionId}`);
      const tx = db.transaction(['sessions', 'events'], 'readwrite');
      const s = await tx.objectStore('sessions').get(sessionId);
      if (!s) throw new Error(`no recorded session ${sessionId}; start it before adding events`);
      const had = await tx.objectStore('events').getKey(event.id);
      await tx.objectStore('events').put(event);
      if (!had) await tx.objectStore('sessions').put({ ...s, events: s.events + 1 });
      await tx.done;
    },
    async list() {
      const all = await db.getAll('sessions');
      return all.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },
    events: eventsOf,
    async exportSession(id) {
      const session = await db.get('sessions', id);
      if (!session) throw new Error(`no recorded session ${id}`);
      return { format: EXPORT_FORMAT, version: 1, session, events: await eventsOf(id) };
    },
    async importSessions(raw) {
      const files = Array.isArray(raw) ? raw : [raw];
      const parsed = files.map((f, i) => parseExport(f, files.length > 1 ? `[${i}]` : ''));
      for (const p of parsed) await put({ ...p.session, events: p.events.length }, p.events);
      return parsed.map((p) => ({ ...p.session, events: p.events.length }));
    },
    async remove(id) {
      const tx = db.transaction(['sessions', 'events'], 'readwrite');
      const keys = await tx.objectStore('events').index('bySession').getAllKeys(IDBKeyRange.bound([id, ''], [id, '\uffff']));
      for (const k of keys) void tx.objectStore('events').delete(k);
      void tx.objectStore('sessions').delete(id);
      await tx.done;
    },
    async markUploaded(id, upload) {
      const tx = db.transaction('sessions', 'readwrite');
      const s = await tx.store.get(id);
      if (s) await tx.store.put({ ...s, upload });
      await tx.done;
    },
    close: () => db.close(),
  };
}

/** Checks an exported file before anything is written, so a bad import changes nothing. */
export function parseExport(raw: unknown, where = ''): RecordingExport {
  const f = raw as Partial<RecordingExport> | null;
  if (!f || typeof f !== 'object' || f.format !== EXPORT_FORMAT) {
    throw new ImportError(`file${where}: not a Waymark recording (expected "format": "${EXPORT_FORMAT}"); export one from the Recordings page`);
  }
  if (f.version !== 1) throw new ImportError(`file${where}.version: must be 1, got ${JSON.stringify(f.version)}`);
  const s = f.session as RecordedSession | undefined;
  if (!s || typeof s.id !== 'string' || typeof s.startedAt !== 'string') {
    throw new ImportError(`file${where}.session: needs at least an "id" and a "startedAt"`);
  }
  if (!Array.isArray(f.events)) throw new ImportError(`file${where}.events: must be a list of events`);
  const events = f.events.map((e, i) => {
    const r = EventSchema.safeParse(e);
    if (!r.success) throw new ImportError(`file${where}.events[${i}]: ${describeIssues(r.error).join('; ')}`);
    if (r.data.sessionId !== s.id) throw new ImportError(`file${where}.events[${i}].sessionId: is ${r.data.sessionId}, but the session is ${s.id}`);
    return r.data;
  });
  const session: RecordedSession = {
    id: s.id, kind: s.kind === 'annotations' ? 'annotations' : 'recorded', anonymousId: String(s.anonymousId ?? ''),
    startedAt: s.startedAt, endedAt: s.endedAt ?? null, site: String(s.site ?? ''), events: events.length, upload: s.upload ?? null,
  };
  return { format: EXPORT_FORMAT, version: 1, session, events };
}

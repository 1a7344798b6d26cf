// Recorded sessions in IndexedDB (fake-indexeddb in Node; the real one is exercised in Chromium).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openRecordings, parseExport, ImportError } from './recordings.js';
import { noteTouchpoint, makeTouchpoint } from './touchpoint.js';

let dbn = 0;
const open = () => openRecordings(`rec-test-${++dbn}`);
const ids = (sessionId: string) => ({ sessionId, anonymousId: 'researcher-1' });
const start = { kind: 'recorded' as const, anonymousId: 'researcher-1', startedAt: '2026-11-25T10:00:00.000Z', site: 'https://shop.example' };

describe('recordings', () => {
  it('keeps a session\'s events in time order and counts them', async () => {
    const db = await open();
    await db.startSession({ id: 's1', ...start });
    const late = makeTouchpoint({ type: 'track', name: '$click' }, ids('s1'), { url: 'https://shop.example/' }, new Date('2026-11-25T10:00:05Z'));
    const early = makeTouchpoint({ type: 'page' }, ids('s1'), { url: 'https://shop.example/' }, new Date('2026-11-25T10:00:01Z'));
    await db.addEvent('s1', late);
    await db.addEvent('s1', early);
    await db.addEvent('s1', early); // the same id again is not a second event
    expect((await db.events('s1')).map((e) => e.type)).toEqual(['page', 'track']);
    expect((await db.list())[0]).toMatchObject({ id: 's1', events: 2, endedAt: null });
    await db.endSession('s1', '2026-11-25T10:01:00.000Z');
    expect((await db.list())[0].endedAt).toBe('2026-11-25T10:01:00.000Z');
    db.close();
  });

  it('refuses an event for a session that was not started, or for another session', async () => {
    const db = await open();
    const e = makeTouchpoint({ type: 'page' }, ids('nope'), { url: 'https://x.example/' });
    await expect(db.addEvent('nope', e)).rejects.toThrow(/start it before adding events/);
    await db.startSession({ id: 's2', ...start });
    await expect(db.addEvent('s2', e)).rejects.toThrow(/belongs to session nope/);
    db.close();
  });

  it('exports a session that imports back unchanged into another profile', async () => {
    const a = await open();
    await a.startSession({ id: 's3', ...start });
    await a.addEvent('s3', makeTouchpoint({ type: 'page' }, ids('s3'), { url: 'https://shop.example/', title: 'Home' }));
    await a.addEvent('s3', noteTouchpoint('confused by the price', -2, ids('s3'), { url: 'https://shop.example/' }));
    const file = JSON.parse(JSON.stringify(await a.exportSession('s3')));
    const b = await open();
    const [imported] = await b.importSessions(file);
    expect(imported).toMatchObject({ id: 's3', events: 2 });
    expect(await b.events('s3')).toEqual(await a.events('s3'));
    expect((await b.events('s3')).find((e) => e.name === '$note')?.properties).toMatchObject({ note: 'confused by the price', score: 1, label: 'very negative' });
    a.close(); b.close();
  });

  it('removes a session with its events', async () => {
    const db = await open();
    await db.startSession({ id: 's4', ...start });
    await db.addEvent('s4', makeTouchpoint({ type: 'page' }, ids('s4'), { url: 'https://x.example/' }));
    await db.remove('s4');
    expect(await db.list()).toEqual([]);
    expect(await db.events('s4')).toEqual([]);
    db.close();
  });

  const good = () => ({
    format: 'waymark-recording', version: 1, session: { id: 's5', startedAt: start.startedAt },
    events: [makeTouchpoint({ type: 'page' }, ids('s5'), { url: 'https://x.example/' })],
  });
  it.each<[string, (f: ReturnType<typeof good>) => unknown, RegExp]>([
    ['another file format', (f) => ({ ...f, format: 'har' }), /not a Waymark recording/],
    ['a future version', (f) => ({ ...f, version: 2 }), /version: must be 1/],
    ['a session without id', (f) => ({ ...f, session: { startedAt: 'x' } }), /needs at least an "id"/],
    ['an invalid event', (f) => ({ ...f, events: [{ ...f.events[0], id: 'not-a-uuid' }] }), /events\[0\]: id: must be a UUID/],
    ['an event of another session', (f) => ({ ...f, events: [{ ...f.events[0], sessionId: 'other' }] }), /events\[0\]\.sessionId: is other, but the session is s5/],
  ])('rejects an import with %s, saying what to fix', (_, change, message) => {
    expect(() => parseExport(change(good()))).toThrow(ImportError);
    expect(() => parseExport(change(good()))).toThrow(message);
  });

  it('writes nothing when one file of an import is bad', async () => {
    const db = await open();
    await expect(db.importSessions([good(), { format: 'nope' }])).rejects.toThrow(/file\[1\]/);
    expect(await db.list()).toEqual([]);
    db.close();
  });
});

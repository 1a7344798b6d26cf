// The inspector's state without a DOM: what a new answer from the background changes, what the
// researcher's choices select, and what the views are given.
import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../../wire/index.js';
import {
  inspectorState, receive, selectedEntry, siteProfile, stagesNote, statusCounts, streamRows, toggleEmotion, toggleSelected, visibleEntries,
} from './inspector-state.js';
import { addEntry, applyDebugMessage, emptyStream, notePage, type TabStream } from './tab-stream.js';

const at = '2026-12-01T10:00:00.000Z';
const ev = (id: string, type: WireEvent['type'], name?: string, props?: Record<string, string>): WireEvent =>
  ({ id, type, name, anonymousId: 'a', sessionId: 's', timestamp: at, context: { url: 'https://shop.example/cart' }, properties: props });

function stream(): TabStream {
  const s = emptyStream(7);
  notePage(s, 'https://shop.example/cart', at);
  addEntry(s, ev('1', 'page'), 'sdk', 'https://shop.example/cart', at);
  addEntry(s, ev('2', 'track', '$click', { text: 'Checkout' }), 'sdk', 'https://shop.example/cart', at);
  addEntry(s, ev('3', 'track', 'order_completed'), 'sdk', 'https://shop.example/cart', at);
  applyDebugMessage(s, { source: 'waymark-sdk', kind: 'status', ids: ['1', '2'], status: 'accepted' }, '', at);
  return s;
}
const names = (entries: { event: WireEvent }[]) => entries.map((e) => e.event.name ?? e.event.type);

describe('inspector state', () => {
  it('draws a new answer once, and none while paused, though it keeps the recording state', () => {
    const st = inspectorState();
    const s = stream();
    expect(receive(st, { stream: s, recording: null })).toBe(true);
    expect(receive(st, { stream: s, recording: null })).toBe(false);
    st.paused = true;
    const later = { ...stream(), version: s.version + 1 };
    const recording = { sessionId: 'r1', anonymousId: 'a', startedAt: at };
    expect(receive(st, { stream: later, recording })).toBe(false);
    expect([st.stream, st.recording]).toEqual([s, recording]);
    st.paused = false;
    expect(receive(st, { stream: later, recording })).toBe(true);
    expect(st.stream).toBe(later);
  });

  it.each([
    ['', '', ['order_completed', '$click', 'page']],
    ['track', '', ['order_completed', '$click']],
    ['', 'ORDER', ['order_completed']],
    ['', 'checkout', ['$click']], // found in the properties
    ['page', 'order', []],
  ])('filters the stream by type %j and text %j, newest first', (type, text, expected) => {
    const st = inspectorState();
    receive(st, { stream: stream(), recording: null });
    Object.assign(st, { filterType: type, filterText: text });
    expect(names(streamRows(st))).toEqual(expected);
  });

  it('leaves out the names the site profile mutes, in every view', () => {
    const st = inspectorState();
    receive(st, { stream: stream(), recording: null });
    st.profiles = { 'https://shop.example': { show: [], hide: [], muted: ['$click'] }, 'https://other.example': { show: [], hide: [], muted: ['page'] } };
    expect(siteProfile(st)?.muted).toEqual(['$click']);
    expect(names(visibleEntries(st))).toEqual(['page', 'order_completed']);
    expect(names(streamRows(st))).toEqual(['order_completed', 'page']);
  });

  it('opens and closes an event\'s detail, and picks and unpicks an emotion', () => {
    const st = inspectorState();
    receive(st, { stream: stream(), recording: null });
    toggleSelected(st, '3');
    expect(selectedEntry(st)?.event.name).toBe('order_completed');
    toggleSelected(st, '3');
    expect(selectedEntry(st)).toBeUndefined();
    toggleEmotion(st, 2);
    toggleEmotion(st, -1);
    expect(st.emotion).toBe(-1);
    toggleEmotion(st, -1);
    expect(st.emotion).toBeNull();
  });

  it('counts entries by status', () => {
    const st = inspectorState();
    expect(statusCounts(st)).toEqual([]);
    receive(st, { stream: stream(), recording: null });
    expect(statusCounts(st)).toEqual([['accepted', 2], ['queued', 1]]);
  });

  it.each([
    [{ source: 'collector', problem: null }, 'Stages from the collector\'s rules.'],
    [{ source: 'defaults', problem: 'the collector refused the read token (401)' }, 'Stages from the default rules (the collector refused the read token (401)).'],
    [{ source: 'defaults', problem: null }, 'Stages from the default rules (set a read token in Options for the site\'s own).'],
  ] as const)('says where the stages come from (%j)', (answer, note) => {
    expect(stagesNote({ rules: [], ...answer })).toBe(note);
  });
});

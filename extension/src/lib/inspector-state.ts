// What the inspector shows, apart from how: the tab's stream as last received, the researcher's
// choices (paused, view, selection, filters, emotion mark) and what is derived from them. Plain
// data and functions, so the rules are unit-tested without a DOM; views/inspector.ts renders it.
import { isMuted, type Profiles, type SiteProfile } from './settings.js';
import type { RecordingState, StagesAnswer, StreamAnswer } from './messages.js';
import { DEFAULT_STAGE_RULES } from './stages.js';
import type { Entry, TabStream } from './tab-stream.js';

export type View = 'stream' | 'timeline' | 'network';
export const VIEWS: View[] = ['stream', 'timeline', 'network'];

export interface InspectorState {
  stream: TabStream | null;
  recording: RecordingState | null;
  /** Frozen by the researcher: the background keeps collecting, the view keeps what it shows. */
  paused: boolean;
  view: View;
  /** The id of the event whose detail is open. */
  selected: string | null;
  filterType: string;
  filterText: string;
  /** The emotion mark picked for the next note. */
  emotion: number | null;
  message: { text: string; bad: boolean } | null;
  stages: StagesAnswer;
  profiles: Profiles;
  /** The stream version on screen, so an unchanged answer is not drawn again. */
  shownVersion: number;
}

export function inspectorState(): InspectorState {
  return {
    stream: null, recording: null, paused: false, view: 'stream', selected: null, filterType: '', filterText: '',
    emotion: null, message: null, stages: { rules: DEFAULT_STAGE_RULES, source: 'defaults', problem: null }, profiles: {}, shownVersion: -1,
  };
}

/** Takes the background's answer; true when the view must be drawn again. */
export function receive(s: InspectorState, answer: StreamAnswer): boolean {
  const changed = answer.stream.version !== s.shownVersion || answer.recording?.sessionId !== s.recording?.sessionId;
  s.recording = answer.recording;
  if (!s.paused || !s.stream) s.stream = answer.stream;
  if (!changed || s.paused) return false;
  s.shownVersion = answer.stream.version;
  return true;
}

/** Opens an event's detail, or closes it when it is the one open. */
export function toggleSelected(s: InspectorState, id: string): void {
  s.selected = s.selected === id ? null : id;
}

/** Picks an emotion mark, or unpicks it when it is the one picked. */
export function toggleEmotion(s: InspectorState, value: number): void {
  s.emotion = s.emotion === value ? null : value;
}

function matchesFilter(e: Entry, type: string, text: string): boolean {
  if (type && e.event.type !== type) return false;
  if (!text) return true;
  const t = text.toLowerCase();
  return (e.event.name ?? '').toLowerCase().includes(t) || JSON.stringify(e.event).toLowerCase().includes(t);
}

/** The URL of the tab's current page. */
export const currentPage = (s: InspectorState): string | undefined => s.stream?.pages[s.stream.pages.length - 1]?.url;

/** The researcher's settings for the current page's site. */
export function siteProfile(s: InspectorState): SiteProfile | undefined {
  const url = currentPage(s);
  try {
    return url ? s.profiles[new URL(url).origin] : undefined;
  } catch {
    return undefined;
  }
}

/** Entries whose event names the site's profile does not mute. */
export function visibleEntries(s: InspectorState): Entry[] {
  const profile = siteProfile(s);
  return (s.stream?.entries ?? []).filter((e) => !isMuted(e.event.name, e.event.type, profile));
}

/** The stream view's rows: visible, through the filters, newest first. */
export const streamRows = (s: InspectorState): Entry[] => visibleEntries(s).filter((e) => matchesFilter(e, s.filterType, s.filterText)).reverse();

export const selectedEntry = (s: InspectorState): Entry | undefined => (s.selected ? s.stream?.entries.find((e) => e.event.id === s.selected) : undefined);

/** How many entries have each delivery status, in the order statuses first appeared. */
export function statusCounts(s: InspectorState): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of s.stream?.entries ?? []) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  return [...counts];
}

/** Where the timeline's stages come from, in words. */
export function stagesNote(stages: StagesAnswer): string {
  if (stages.source === 'collector') return 'Stages from the collector\'s rules.';
  return `Stages from the default rules${stages.problem ? ` (${stages.problem})` : ' (set a read token in Options for the site\'s own)'}.`;
}

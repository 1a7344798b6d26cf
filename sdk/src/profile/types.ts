// The contract between the core and the lazily loaded profile part (waymark-profile.js): the part
// registers one function on `window['waymark-profile']`; the core calls it once, on the first
// profile() or on('stage'), and keeps what it returns.
import type { KeyValue } from '../storage';
import type { InitOptions, Profile, WaymarkApi } from '../types';

/** What the part gets from the core besides the API: storage, the consent state, and the way to fire `on()` listeners. */
export interface ProfileCore extends Pick<KeyValue, 'json' | 'set'> {
  granted(): boolean;
  emit(name: string, ...args: unknown[]): void;
}

/** Fetches the visitor's profile; `watch` also starts following it (on('stage')): again after each delivered batch. */
export type ProfilePart = (watch?: 1) => Promise<Profile>;

export type ProfileLoader = (api: WaymarkApi, options: InitOptions, core: ProfileCore) => ProfilePart;

/** Renamed whenever the contract above changes, so a core and a part of different versions ignore each other. */
export const PROFILE_GLOBAL = 'waymark-profile';

/**
 * What the part keeps in storage, one key so that withdrawn consent deletes it with the ids:
 * `stage`, the last stage this browser saw (so a change seen on one page fires once), and `v`,
 * when the collector last took this browser's events (sent along, so an answer cached by the
 * browser or the collector from before them is not reused).
 */
export const PROFILE_KEY = 'waymark_profile';
export interface ProfileMemory { stage?: string | null; v?: string }

// The shape every capture shares, so each can be used alone (the extension's record mode does):
// `capture(emit, options) => unsubscribe`, no side effects on import.
import type { Json } from '../../../wire';

export type Props = Record<string, Json | undefined>;

/** One observed interaction: a page view, or a track event with an autocapture name (`$click`, ...). */
export interface Touchpoint {
  type: 'page' | 'track';
  name?: string;
  properties?: Props;
}

export type Emit = (touchpoint: Touchpoint) => void;
export type Unsubscribe = () => void;

/** An autocapture's track touchpoint. */
export const track = (name: string, properties: Props): Touchpoint => ({ type: 'track', name, properties });

/** One unsubscribe that runs several. */
export const unsubscribeAll = (...offs: Unsubscribe[]): Unsubscribe => () => offs.forEach((off) => off());

// Capture phase, so a page's own stopPropagation() cannot hide an event; passive, as no capture cancels one.
const LISTENER_OPTIONS = { capture: true, passive: true };

/** Adds a listener and returns the function that removes it. */
export function listen(target: EventTarget, type: string, fn: (e: any) => void): Unsubscribe {
  target.addEventListener(type, fn, LISTENER_OPTIONS);
  return () => target.removeEventListener(type, fn, LISTENER_OPTIONS);
}

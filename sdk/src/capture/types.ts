// The shape every capture shares, so each can be used alone (the extension's record mode does):
// `capture(emit, options) => unsubscribe`, no side effects on import.
import type { Json } from '../../../collector/src/wire';

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

/** Adds a listener and returns the function that removes it. */
export function listen(target: EventTarget, type: string, fn: (e: any) => void, opts: AddEventListenerOptions = { capture: true, passive: true }): Unsubscribe {
  target.addEventListener(type, fn, opts);
  return () => target.removeEventListener(type, fn, opts);
}

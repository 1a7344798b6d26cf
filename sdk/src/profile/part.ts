// The profile part (dist/sdk/waymark-profile.js), loaded by the core on the first
// waymark.profile() or on('stage'): asks the collector for the visitor's stage, fires `stage`
// listeners when it differs from the last one this browser saw, and with a listener asks again
// after each delivered batch (the visitor's own events are what mostly move their stage).
import type { ProfileResponse } from '../../../wire';
import type { Profile } from '../types';
import { PROFILE_GLOBAL, PROFILE_KEY, type ProfileLoader, type ProfileMemory } from './types';

/** Batches delivered in a burst are asked about once. */
const AFTER_DELIVERY_MS = 250;

const load: ProfileLoader = (api, o, core) => {
  let watching = false;
  let timer: ReturnType<typeof setTimeout>;
  const memory = (): ProfileMemory => core.json(PROFILE_KEY, {});
  const remember = (m: ProfileMemory) => core.set(PROFILE_KEY, JSON.stringify({ ...memory(), ...m }));

  async function get(): Promise<Profile> {
    // A visitor who has not consented is not looked up: the request would carry their id.
    if (!core.granted()) return { stage: null, since: null, segments: [] };
    const q = new URLSearchParams({ writeKey: o.writeKey, anonymousId: api.ids().anonymousId, v: memory().v || '' });
    const r = await fetch(`${o.endpoint}/v1/profile?${q}`);
    const body = (await r.json()) as ProfileResponse & { error?: string };
    if (!r.ok) throw new Error(`waymark.profile(): the collector answered ${r.status}: ${body.error}`);
    const profile: Profile = { stage: body.stage, since: body.since, segments: body.segments };
    const previous = memory().stage || null;
    if (profile.stage != previous) {
      remember({ stage: profile.stage });
      core.emit('stage', profile, previous);
    }
    return profile;
  }

  api.on('status', (_ids, status) => {
    if (status != 'accepted' && status != 'duplicate') return;
    remember({ v: Date.now().toString(36) });
    clearTimeout(timer);
    if (watching) timer = setTimeout(() => get().catch(() => {}), AFTER_DELIVERY_MS); // the next delivery asks again
  });

  return (watch) => {
    watching ||= !!watch;
    return get();
  };
};

(window as any)[PROFILE_GLOBAL] = load;

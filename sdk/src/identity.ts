// Who is acting and in which session: the anonymous id (kept across visits), the user id after
// identify(), and the session shared by every tab through storage.
import { nextSession, utmOf, type Session } from './session';
import type { KeyValue } from './storage';
import { uuidv7 } from './uuid';

const ANON = 'waymark_aid';
const USER = 'waymark_uid';
const SESSION = 'waymark_session';
export const STORAGE_KEYS = [ANON, USER, SESSION];
// Reading and writing the session on every event would cost more than the event itself; within
// this window the cached session is reused and `last` is refreshed lazily.
const RECHECK_MS = 1000;

export interface Identity {
  anonymousId(): string;
  userId(): string | undefined;
  setUserId(id: string): void;
  session(now: number): Session;
  /** Forgets the user and starts a new anonymous id and session (logout). */
  reset(): void;
}

export function identity(kv: KeyValue, timeoutMs: number): Identity {
  let cached: Session | null = null;
  let checked = 0;
  let seenHref = '';
  return {
    anonymousId() {
      let id = kv.get(ANON);
      if (!id) kv.set(ANON, (id = uuidv7()));
      return id;
    },
    userId: () => kv.get(USER) ?? undefined,
    setUserId: (id) => kv.set(USER, id),
    session(now) {
      if (cached && now - checked < RECHECK_MS && now - cached.last < timeoutMs) return cached;
      // A campaign link starts a session once, when its page is new, not on every later check
      // (two tabs from two campaigns would otherwise take turns starting sessions).
      const page = { utm: location.href !== seenHref ? utmOf(location.search) : undefined, referrer: document.referrer };
      seenHref = location.href;
      cached = nextSession(kv.json<Session | null>(SESSION, null), now, page, timeoutMs, uuidv7);
      checked = now;
      kv.set(SESSION, JSON.stringify(cached));
      return cached;
    },
    reset() {
      kv.del(USER);
      kv.del(SESSION);
      kv.set(ANON, uuidv7());
      cached = null;
    },
  };
}

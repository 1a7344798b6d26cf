// Small key-value storage for ids: localStorage, else memory for the page (no cookies: where
// localStorage is unavailable, a visitor's ids last one page, which a cookie fallback did not
// earn its 145 B in the core for). While consent is pending, everything stays in memory until `persist()`.
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  del(key: string): void;
  /** The value parsed as JSON; `fallback` when it is absent or damaged. */
  json<T>(key: string, fallback: T): T;
  /**
   * Writes what was kept in memory to durable storage and keeps writing there (consent granted);
   * `false`: memory only from now on (consent withdrawn).
   */
  persist(on?: boolean): void;
}

const PROBE = 'waymark_probe';

export function keyValue(opts: { durable: boolean }): KeyValue {
  const memory = new Map<string, string>();
  let durable = opts.durable;
  let ls: Storage | null = null;
  try {
    ls = localStorage;
    ls.setItem(PROBE, '1');
    ls.removeItem(PROBE);
  } catch {
    ls = null; // disabled, sandboxed iframe, or Safari private mode quota 0
  }
  // `memory` holds only what localStorage does not (consent pending, a full quota, no
  // localStorage), so a value another tab of the site wrote since (the shared session, the
  // answered ids, a spill) is read, not this page's older copy.
  /**
   * Writes `v` to durable storage, or deletes the key when `v` is null; true when localStorage
   * took it. Deleting needs no consent: an id removed while consent is pending (reset(), a
   * withdrawal) must not come back.
   */
  const write = (k: string, v: string | null) => {
    if (!durable && v !== null) return false;
    try {
      if (ls) return v === null ? ls.removeItem(k) : ls.setItem(k, v), true;
    } catch {
      return false; // over quota
    }
    return false;
  };
  const kv: KeyValue = {
    get(k) {
      if (memory.has(k)) return memory.get(k)!;
      if (!durable) return null;
      return ls && ls.getItem(k);
    },
    set(k, v) {
      write(k, v) ? memory.delete(k) : memory.set(k, v);
    },
    del(k) {
      memory.delete(k);
      write(k, null);
    },
    json(k, fallback) {
      try {
        return JSON.parse(kv.get(k)!) ?? fallback;
      } catch {
        return fallback; // damaged: start afresh
      }
    },
    persist(on = true) {
      durable = on;
      memory.forEach((v, k) => write(k, v) && memory.delete(k));
    },
  };
  return kv;
}

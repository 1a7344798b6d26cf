// Small key-value storage for ids: localStorage, else a first-party cookie (unless cookieless),
// else memory. While consent is pending, everything stays in memory until `persist()`.
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  del(key: string): void;
  /** Writes what was kept in memory to durable storage (consent granted). */
  persist(): void;
}

const YEAR = 365 * 24 * 3600;

function local(): Storage | null {
  try {
    const s = window.localStorage;
    s.setItem('waymark_probe', '1');
    s.removeItem('waymark_probe');
    return s;
  } catch {
    return null; // disabled, sandboxed iframe, or Safari private mode quota 0
  }
}

const cookie = {
  get: (k: string) => {
    const m = document.cookie.match(new RegExp(`(?:^|; )${k}=([^;]*)`));
    return m ? decodeURIComponent(m[1]) : null;
  },
  set: (k: string, v: string, age = YEAR) => {
    document.cookie = `${k}=${encodeURIComponent(v)}; path=/; max-age=${age}; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
  },
};

export function keyValue(opts: { cookieless?: boolean; durable: boolean }): KeyValue {
  const memory = new Map<string, string>();
  const ls = local();
  const useCookie = !ls && !opts.cookieless;
  let durable = opts.durable;
  const write = (k: string, v: string | null) => {
    if (!durable) return;
    if (ls) v === null ? ls.removeItem(k) : ls.setItem(k, v);
    else if (useCookie) cookie.set(k, v ?? '', v === null ? 0 : YEAR);
  };
  return {
    get(k) {
      if (memory.has(k)) return memory.get(k)!;
      const v = durable ? (ls ? ls.getItem(k) : useCookie ? cookie.get(k) : null) : null;
      return v || null;
    },
    set(k, v) {
      memory.set(k, v);
      write(k, v);
    },
    del(k) {
      memory.delete(k);
      write(k, null);
      if (!durable && ls) ls.removeItem(k);
    },
    persist() {
      durable = true;
      memory.forEach((v, k) => write(k, v));
    },
  };
}

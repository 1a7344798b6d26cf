// Keeps every tab's stream in memory and mirrors it to storage.session, because Chromium stops
// an idle MV3 service worker after ~30 s and the stream must survive that (the popup may open
// minutes after the first touchpoint). Writes are coalesced so a burst of events is one write.
import { emptyStream, type TabStream } from './tab-stream.js';

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function createStreamStore(area: SessionArea, flushMs = 200) {
  const streams = new Map<number, Promise<TabStream>>();
  const dirty = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const key = (tabId: number) => `stream:${tabId}`;

  async function flush(): Promise<void> {
    timer = null;
    const ids = [...dirty];
    dirty.clear();
    const items: Record<string, unknown> = {};
    for (const id of ids) {
      const s = streams.get(id);
      if (s) items[key(id)] = await s;
    }
    if (ids.length) await area.set(items);
  }

  function get(tabId: number): Promise<TabStream> {
    let s = streams.get(tabId);
    if (!s) {
      s = area.get(key(tabId)).then((got) => (got[key(tabId)] as TabStream | undefined) ?? emptyStream(tabId));
      streams.set(tabId, s);
    }
    return s;
  }

  return {
    get,
    /** Runs a change on a tab's stream and schedules the mirror write. */
    async update<T>(tabId: number, change: (s: TabStream) => T): Promise<T> {
      const s = await get(tabId);
      const result = change(s);
      dirty.add(tabId);
      timer ??= setTimeout(() => void flush(), flushMs);
      return result;
    },
    async forget(tabId: number): Promise<void> {
      streams.delete(tabId);
      dirty.delete(tabId);
      await area.remove(key(tabId));
    },
    flush,
  };
}

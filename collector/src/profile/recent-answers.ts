// A few seconds' memory of answers, so a page that asks for its visitor's profile several times
// (a banner, a stage listener, a second tab) costs one read. Bounded: past `max` entries the
// oldest goes. Concurrent asks for one key share one read.
export function recentAnswers<T>(ttlMs: number, max: number, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, make: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    entries.delete(key);
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    const value = make();
    entries.set(key, { at: now(), value });
    value.catch(() => entries.delete(key)); // a failed read is not remembered
    return value;
  };
}

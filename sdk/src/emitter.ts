// `waymark.on(name, fn)`: listeners by name; returns the function that removes the listener.
export type Listener = (...args: any[]) => void;

export function emitter() {
  const map = new Map<string, Set<Listener>>();
  return {
    on(name: string, fn: Listener) {
      const set = map.get(name) ?? new Set();
      map.set(name, set.add(fn));
      return () => void set.delete(fn);
    },
    emit(name: string | undefined, ...args: unknown[]) {
      map.get(name!)?.forEach((fn) => {
        try {
          fn(...args);
        } catch (e) {
          console.error(`waymark: an on('${name}') listener threw`, e); // a listener must not break capture
        }
      });
    },
  };
}

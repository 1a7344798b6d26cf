// `waymark.on(name, fn)`: listeners by name; returns the function that removes the listener.
export type Listener = (...args: any[]) => void;

export function emitter() {
  const map = new Map<string, Set<Listener>>();
  return {
    on(name: string, fn: Listener) {
      if (!map.has(name)) map.set(name, new Set());
      map.get(name)!.add(fn);
      return () => void map.get(name)!.delete(fn);
    },
    emit(name: string | undefined, ...args: unknown[]) {
      if (name === undefined) return;
      map.get(name)?.forEach((fn) => {
        try {
          fn(...args);
        } catch (e) {
          console.error(`waymark: an on('${name}') listener threw`, e); // a listener must not break capture
        }
      });
    },
  };
}

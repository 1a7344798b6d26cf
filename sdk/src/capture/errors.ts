// `$error`: uncaught errors and unhandled promise rejections, at most `max` distinct ones per page
// so a failing loop cannot flood the outbox.
import { cut } from './cut';
import { listen, track, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function captureErrors(emit: Emit, o: { max?: number } = {}): Unsubscribe {
  const seen = new Set<string>();
  const report = (kind: string, message: string, extra: Record<string, string | number | undefined>) => {
    const key = kind + message;
    if (seen.has(key) || seen.size >= (o.max ?? 10)) return;
    seen.add(key);
    emit(track('$error', { kind, message: cut(message, 500), ...extra }));
  };
  return unsubscribeAll(
    listen(window, 'error', (e: ErrorEvent) => {
      // Resource load errors (img, script) reach window listeners in the capture phase; only script errors have a message.
      if (!e.message) return;
      report('error', e.message, { source: e.filename?.split(/[?#]/)[0], line: e.lineno, column: e.colno, stack: cut(e.error?.stack, 1000) });
    }),
    listen(window, 'unhandledrejection', (e: PromiseRejectionEvent) => {
      const r = e.reason;
      report('unhandledrejection', String(r?.message ?? r), { stack: cut(r?.stack, 1000) });
    }),
  );
}

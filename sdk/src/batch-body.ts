// A batch as a request body, in wire version 2: the context every event of the batch shares is
// sent once, and each event keeps only the context fields in which it differs. The collector puts
// them back together before it validates (expandEvent in wire/index.ts), so it stores
// exactly what version 1 would have carried.
import { WIRE_VERSION_SHARED_CONTEXT, type Context, type WireEvent } from '../../wire';

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function batchBody(writeKey: string, events: WireEvent[]): string {
  // The first event's context, without the fields some event lacks (utm, which an SDK context
  // carries last, so the expanded keys keep their order); an event overrides what differs.
  const shared: Context = {};
  for (const k in events[0].context) if (events.every((e) => k in e.context)) shared[k] = events[0].context[k];
  return JSON.stringify({
    v: WIRE_VERSION_SHARED_CONTEXT,
    writeKey,
    sentAt: new Date().toISOString(),
    context: shared,
    events: events.map((e) => {
      const own: Context = {};
      for (const k in e.context) if (!same(e.context[k], shared[k])) own[k] = e.context[k];
      // `context` stays in its place (even empty), so the expanded event's keys keep their order.
      return { ...e, context: own };
    }),
  });
}

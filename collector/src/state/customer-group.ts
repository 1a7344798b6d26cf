// The events of some anonymous ids' customers, whole: start from the ids and widen to every id
// their events link (user ids on them, aliases naming them or named by them) until nothing new
// appears, asking only for the ids on the events (JourneyReader.identitiesOf) round after
// round, then read the rows once. The result is a union of whole linked groups, which stitching
// splits into exactly the customers a full pass builds (read/scan-journeys.ts).
import type { JourneyReader, JourneyRow } from '../store/store.js';

export async function groupRows(reader: JourneyReader, anonymousIds: Iterable<string>): Promise<{ rows: JourneyRow[]; anonymousIds: Set<string> }> {
  const anons = new Set(anonymousIds);
  const users = new Set<string>();
  for (;;) {
    let grew = false;
    for (const e of await reader.identitiesOf({ anonymousIds: [...anons], userIds: [...users], aliasesNaming: [...anons] })) {
      if (!anons.has(e.anonymousId)) { anons.add(e.anonymousId); grew = true; }
      if (e.userId && !users.has(e.userId)) { users.add(e.userId); grew = true; }
      const prev = e.previousId;
      if (prev && !(anons.has(prev) && users.has(prev))) { anons.add(prev); users.add(prev); grew = true; }
    }
    // Rows of every anonymous id in the set: the rows of their user ids and aliases lie on them.
    if (!grew) return { rows: await reader.rowsOf({ anonymousIds: [...anons], userIds: [...users], aliasesNaming: [...anons] }), anonymousIds: anons };
  }
}

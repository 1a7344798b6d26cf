// The ids events name, as both stores answer JourneyReader.identitiesOf: rows of
// (seq, at, anonymous id, user id, an alias's previous id), each distinct triple once.
export interface EventIds { anonymousId: string; userId: string | null; previousId: string | null }

export function distinctIds(rows: unknown[][]): EventIds[] {
  const seen = new Map<string, EventIds>();
  for (const r of rows) {
    const ids = { anonymousId: r[2] as string, userId: (r[3] as string | null) ?? null, previousId: typeof r[4] === 'string' ? r[4] : null };
    seen.set(JSON.stringify([ids.anonymousId, ids.userId, ids.previousId]), ids);
  }
  return [...seen.values()];
}

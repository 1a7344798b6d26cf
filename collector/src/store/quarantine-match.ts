// Which quarantined events an erasure takes with it. A rejected event is kept as the JSON text the
// collector made of it (cut at 64 KB), so a customer's id appears there as a JSON string: the
// database finds candidates by that substring, and namesAnyId decides.

/** The ids as the JSON strings to search quarantined raw text for. */
export function quarantineNeedles(ids: Iterable<string>): string[] {
  return [...new Set(ids)].map((id) => JSON.stringify(id));
}

const ID_FIELDS = ['anonymousId', 'userId', 'previousId'] as const;

/**
 * Whether a quarantined event names one of the ids as its anonymousId, userId or previousId. Text
 * that is not a whole JSON object (cut at 64 KB, or never JSON) matches on the id's JSON string
 * anywhere: erasing one rejected event too many beats keeping a customer's.
 */
export function namesAnyId(raw: string, ids: ReadonlySet<string>): boolean {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    v = undefined;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return ID_FIELDS.some((f) => typeof o[f] === 'string' && ids.has(o[f] as string));
  }
  return [...ids].some((id) => raw.includes(JSON.stringify(id)));
}

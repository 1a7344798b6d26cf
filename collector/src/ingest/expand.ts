// The events of a batch as per-event validation sees them: a version 2 batch's shared context is
// expanded into each event first, so the per-event size limit, quarantine and the stored body all
// apply to the whole event, exactly as if it had come in a version 1 batch.
import { expandEvent, LIMITS, type BatchV1Schema, type BatchV2Schema } from '../../../wire/schema.js';
import type { z } from 'zod';
import { MAX_DEPTH, nestedDeeperThan } from './normalise.js';

type ParsedBatch = z.infer<typeof BatchV1Schema> | z.infer<typeof BatchV2Schema>;

/** `sharedChars`: the shared context's JSON length, which every expanded event repeats (0 for version 1). */
export function batchEvents(batch: ParsedBatch): { list: unknown[]; sharedChars: number } | { status: 400 | 413; error: string } {
  if (batch.v === 1) return { list: batch.events, sharedChars: 0 };
  // Checked before anything recursive touches it, as events are (see normalise.ts).
  if (nestedDeeperThan(batch.context, MAX_DEPTH)) return { status: 400, error: `context is nested deeper than ${MAX_DEPTH} levels; flatten it` };
  const chars = JSON.stringify(batch.context).length;
  if (chars > LIMITS.sharedContextChars) {
    return { status: 413, error: `the shared context is ${chars} characters; the limit is ${LIMITS.sharedContextChars}; keep large fields in the events` };
  }
  return { list: batch.events.map((e) => expandEvent(batch.context, e)), sharedChars: chars };
}

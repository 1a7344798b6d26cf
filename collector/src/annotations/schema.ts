// What an annotation must be, for the API's JSON and the UI's form alike.
import { z } from 'zod';
import { describeIssues } from '../../../wire/schema.js';
import type { NewAnnotation } from '../store/store.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const AnnotationInput = z.object({
  date: z.string().refine((v) => DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'must be a date such as 2026-11-12'),
  text: z.string().trim().min(1, 'must say what changed').max(500, 'is longer than 500 characters'),
});

/** The annotation, or what is wrong with it (`date: must be a date such as 2026-11-12`). */
export function parseAnnotation(input: unknown): { annotation: NewAnnotation } | { error: string } {
  const r = AnnotationInput.safeParse(input);
  return r.success ? { annotation: r.data } : { error: describeIssues(r.error).join('; ') };
}

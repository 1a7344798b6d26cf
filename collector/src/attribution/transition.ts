// A stage transition named as `from>to` (`consideration>purchase`): the customers who entered
// `from`, and whether they went on to reach `to` (or a stage after it).
import { STAGES, type Stage } from '../../../wire/schema.js';
import { OptionError } from '../journey/option-error.js';

export interface Transition { from: Stage; to: Stage }

export const formatTransition = (t: Transition): string => `${t.from}>${t.to}`;

/** Each stage to the next one: the transitions the journey map shows. */
export const STAGE_TRANSITIONS: Transition[] = STAGES.slice(0, -1).map((from, i) => ({ from, to: STAGES[i + 1] }));

/** Throws OptionError (a 400) when `text` is not `<stage>><later stage>`. */
export function parseTransition(text: string | undefined): Transition {
  const stages = STAGES.join(', ');
  if (!text) throw new OptionError(`transition is required, as <from>><to>, e.g. consideration>purchase (stages: ${stages})`);
  const parts = text.split('>');
  if (parts.length !== 2) throw new OptionError(`transition "${text}": write it as <from>><to>, e.g. consideration>purchase`);
  const [from, to] = parts.map((p) => p.trim()) as [Stage, Stage];
  for (const s of [from, to]) if (!STAGES.includes(s)) throw new OptionError(`transition "${text}": unknown stage "${s}" (stages: ${stages})`);
  if (STAGES.indexOf(to) <= STAGES.indexOf(from)) throw new OptionError(`transition "${text}": ${to} must come after ${from} (stages in order: ${stages})`);
  return { from, to };
}

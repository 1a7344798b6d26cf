// The contract between the core and its survey module (triggers.ts): what the module receives at
// init() and what it hands back.
import type { WireEvent } from '../../../wire';
import type { KeyValue } from '../storage';
import type { InitOptions, WaymarkApi } from '../types';

/** What only the survey module gets from the core: storage, a way to record `survey` events, and the consent state. */
export interface SurveyCore extends Pick<KeyValue, 'get' | 'set' | 'json'> {
  record(type: 'survey', fields: { properties: NonNullable<WireEvent['properties']> }): void;
  granted(): boolean;
}

/**
 * What the survey module receives: the API, the options given to init() (with their defaults, and
 * the endpoint without trailing slashes), and the core's internals it needs.
 */
export type SurveysPlugin = (api: WaymarkApi, options: InitOptions, core: SurveyCore) => (id: string) => void;

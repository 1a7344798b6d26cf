// Shapes of the reconstructed journey (DESIGN §8). The read API returns these as JSON; the UI
// and the extension render them. Field names here are a contract: change them everywhere or not at all.
import type { Stage } from '../wire.js';

export type Channel = 'direct' | 'organic_search' | 'paid_search' | 'social' | 'email' | 'referral' | 'internal' | (string & {});

export interface StageEntry { stage: Stage; enteredAt: string; leftAt: string | null }

export interface Touchpoint {
  id: string;
  at: string;
  type: string;
  name: string | null;
  url: string | null;
  stage: Stage;
  channel: Channel;
  sessionId: string;
}

export interface Session { id: string; start: string; end: string; channel: Channel; touchpoints: number }

export interface EmotionPoint { at: string; score: number; source: 'explicit' | 'inferred'; touchpointId: string }

export type PainPointKind =
  | 'rage_click' | 'dead_click' | 'js_error' | 'form_abandonment' | 'negative_survey' | 'slow_page' | 'loop' | 'drop_off';

export interface PainPoint { kind: PainPointKind; at: string; stage: Stage; touchpointId: string | null; detail: string }

/** GET /v1/customers/:id/journey */
export interface Journey {
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  currentStage: Stage;
  furthestStage: Stage;
  stages: StageEntry[];
  sessions: Session[];
  touchpoints: Touchpoint[];
  emotion: EmotionPoint[];
  painPoints: PainPoint[];
}

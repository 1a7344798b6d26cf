// The profile's wait for a dirty state, against a rebuild that commits between two of its reads.
// The real stores under the real worker are tested through the app (tests/profile/route.test.ts);
// here the interleaving that made that test fail now and then is scripted, so it happens every time.
import { describe, expect, it } from 'vitest';
import type { JourneyState } from '../journey/journey-state.js';
import type { Store } from '../store/store.js';
import { visitorProfile } from './visitor-profile.js';

const T = Date.UTC(2026, 5, 1);
const state = (stage: JourneyState['currentStage']) => JSON.stringify({
  customerId: 'anon-1', anonymousIds: ['anon-1'], siteIds: ['shop'], currentStage: stage, firstSeen: new Date(T).toISOString(),
  stages: [{ stage, enteredAt: T, touchpoints: 1, offsets: [0] }],
});

/**
 * A store whose rebuild of anon-1 commits (the new state, its mark cleared) right after the
 * profile's first read: that read sees `before`, every later one the committed state.
 */
function committingAfterFirstRead(before: string | null): Store {
  let reads = 0;
  const states = {
    stateOf: async () => {
      reads++;
      const s = reads === 1 ? before : state('purchase');
      return s && { customerId: 'anon-1', state: s, dataVersion: reads === 1 ? '1.0' : '2.0', seq: reads };
    },
    dirty: async () => false,
  };
  return { states } as unknown as Store;
}

describe('visitorProfile', () => {
  it.each([
    ['an older state', state('consideration')],
    ['no state at all', null],
  ])('answers the state a rebuild committed between its reads, where the first read found %s', async (_name, before) => {
    const p = await visitorProfile(committingAfterFirstRead(before), 'shop', 'anon-1', { settleMs: 1000, segmentsOf: () => [] });
    expect(p).toMatchObject({ stage: 'purchase', stateVersion: '2.0' });
  });

  it('without a wait to settle, answers the one state it reads', async () => {
    const p = await visitorProfile(committingAfterFirstRead(state('consideration')), 'shop', 'anon-1', { settleMs: 0, segmentsOf: () => [] });
    expect(p).toMatchObject({ stage: 'consideration', stateVersion: '1.0' });
  });
});

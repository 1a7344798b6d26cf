import { describe, expect, it } from 'vitest';
import { OptionError } from '../journey/option-error.js';
import { parseTransition, STAGE_TRANSITIONS } from './transition.js';

describe('parseTransition', () => {
  it.each([
    ['consideration>purchase', { from: 'consideration', to: 'purchase' }],
    ['awareness>purchase', { from: 'awareness', to: 'purchase' }],
    [' retention > advocacy ', { from: 'retention', to: 'advocacy' }],
  ])('%s', (text, want) => expect(parseTransition(text)).toEqual(want));

  it.each([
    [undefined, /transition is required/],
    ['consideration', /write it as <from>><to>/],
    ['consideration>buying', /unknown stage "buying"/],
    ['purchase>consideration', /consideration must come after purchase/],
    ['purchase>purchase', /must come after/],
  ])('%s is a clear OptionError', (text, message) => {
    expect(() => parseTransition(text)).toThrow(OptionError);
    expect(() => parseTransition(text)).toThrow(message);
  });

  it('the map reads each stage to the next', () => {
    expect(STAGE_TRANSITIONS.map((t) => `${t.from}>${t.to}`)).toEqual([
      'awareness>consideration', 'consideration>purchase', 'purchase>onboarding', 'onboarding>retention', 'retention>advocacy',
    ]);
  });
});

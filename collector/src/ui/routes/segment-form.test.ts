import { describe, expect, it } from 'vitest';
import { OptionError } from '../../journey/index.js';
import { describeDefinition } from '../pages/segments.js';
import { definitionFromForm } from './segments.js';

describe('the segment form as a definition', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['empty fields are left out', { name: 'x', reached: '', campaign: '  ', did: ' , ' }, {}],
    ['stages, channel, campaign and pain point as typed', { reached: 'purchase', current: 'retention', channel: 'email', campaign: ' spring ', painPoint: 'rage_click' },
      { reached: 'purchase', current: 'retention', channel: 'email', campaign: 'spring', painPoint: 'rage_click' }],
    ['lists split on commas', { did: 'order_completed, signed_up', didNot: 'refund', visited: '/pricing*,/checkout/*' },
      { did: ['order_completed', 'signed_up'], didNot: ['refund'], visited: ['/pricing*', '/checkout/*'] }],
    ['traits one name=value a line, values may hold "="', { traits: 'plan=pro\r\n\r\n region = eu \nnote=a=b' }, { traits: { plan: 'pro', region: 'eu', note: 'a=b' } }],
    ['scores as numbers, one bound alone', { scoreMin: '-0.5', scoreMax: '' }, { score: { min: -0.5 } }],
  ])('%s', (_, form, expected) => {
    expect(definitionFromForm(form)).toEqual(expected);
  });

  it('a trait line without "=" says how to write it', () => {
    expect(() => definitionFromForm({ traits: 'plan' })).toThrow(OptionError);
    expect(() => definitionFromForm({ traits: '=pro' })).toThrow('traits: write each as name=value on its own line');
  });

  it('describes a definition in words, condition by condition', () => {
    expect(describeDefinition({ reached: 'purchase', traits: { plan: 'pro' }, did: ['a', 'b'], didNot: ['c'], painPoint: 'rage_click', score: { max: 0 } }))
      .toEqual(['reached purchase', 'plan = pro', 'did a and b', 'never did c', expect.stringMatching(/^met rage/i), 'mean survey score -1 to 0']);
  });
});

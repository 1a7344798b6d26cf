// Options and site profiles: parsing with errors that say what to fix, and applying a profile.
import { describe, expect, it } from 'vitest';
import { applyProfile, isMuted, parseProfiles, parseSettings, DEFAULT_CAPTURE } from './settings.js';

describe('settings', () => {
  it('fills defaults and trims the collector URL', () => {
    expect(parseSettings({ collectorUrl: ' http://127.0.0.1:8787/ ', capture: { scroll: false } })).toEqual({
      collectorUrl: 'http://127.0.0.1:8787', writeKey: '', readToken: '', capture: { ...DEFAULT_CAPTURE, scroll: false },
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['a URL without scheme', { collectorUrl: 'localhost:8787' }, /collectorUrl: .* must start with http/],
    ['a write key of another kind', { writeKey: 'rt_abc' }, /writeKey: must start with "wk_"/],
    ['a read token of another kind', { readToken: 'wk_abc' }, /readToken: must start with "rt_"/],
    ['a capture flag that is not a boolean', { capture: { clicks: 'yes' } }, /capture.clicks: must be true or false/],
  ])('refuses %s', (_, raw, message) => {
    expect(() => parseSettings(raw)).toThrow(message);
  });
});

describe('site profiles', () => {
  const event = {
    id: 'e1', type: 'track', name: '$click', anonymousId: 'a', sessionId: 's', timestamp: 't',
    properties: { tag: 'button', text: 'Buy' }, context: { url: 'https://shop.example/', userAgent: 'UA' },
  };

  it.each<[string, { show: string[]; hide: string[] }, unknown]>([
    ['hide removes dotted paths', { show: [], hide: ['context.userAgent', 'properties'] },
      { id: 'e1', type: 'track', name: '$click', anonymousId: 'a', sessionId: 's', timestamp: 't', context: { url: 'https://shop.example/' } }],
    ['show keeps only those paths, plus id, type and name', { show: ['properties.text', 'context.url'], hide: [] },
      { id: 'e1', type: 'track', name: '$click', properties: { text: 'Buy' }, context: { url: 'https://shop.example/' } }],
    ['show then hide', { show: ['properties'], hide: ['properties.tag'] }, { id: 'e1', type: 'track', name: '$click', properties: { text: 'Buy' } }],
  ])('%s', (_, p, expected) => {
    expect(applyProfile(event, { ...p, muted: [] })).toEqual(expected);
    expect(event.context.userAgent).toBe('UA'); // the original is untouched
  });

  it('mutes by event name, or by type for unnamed events', () => {
    const p = { show: [], hide: [], muted: ['$scroll_depth', 'page'] };
    expect(isMuted('$scroll_depth', 'track', p)).toBe(true);
    expect(isMuted(undefined, 'page', p)).toBe(true);
    expect(isMuted('$click', 'track', p)).toBe(false);
    expect(isMuted('$scroll_depth', 'track', undefined)).toBe(false);
  });

  it('reads an exported profiles file', () => {
    expect(parseProfiles({ 'https://shop.example': { muted: ['$scroll_depth'] } })).toEqual({ 'https://shop.example': { show: [], hide: [], muted: ['$scroll_depth'] } });
  });

  it.each<[string, unknown, RegExp]>([
    ['a list', [], /must be an object keyed by site origin/],
    ['a key with a path', { 'https://shop.example/cart': {} }, /must be an origin like https:\/\/shop.example/],
    ['muted as a string', { 'https://shop.example': { muted: '$click' } }, /\.muted: must be a list of strings/],
  ])('refuses a profiles file with %s', (_, raw, message) => {
    expect(() => parseProfiles(raw)).toThrow(message);
  });
});

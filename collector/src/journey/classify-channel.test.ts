import { describe, expect, it } from 'vitest';
import { classifyChannel, DEFAULT_CHANNEL_RULES, type ChannelInput } from './classify-channel.js';

const page = 'https://shop.example/landing';

describe('classifyChannel', () => {
  it.each<[string, ChannelInput, string]>([
    ['no referrer and no tags is direct', { url: page }, 'direct'],
    ['an empty referrer is direct', { url: page, referrer: '' }, 'direct'],
    ['a search engine referrer is organic search', { url: page, referrer: 'https://www.google.co.uk/' }, 'organic_search'],
    ['another search engine too', { url: page, referrer: 'https://duckduckgo.com/' }, 'organic_search'],
    ['utm_medium=cpc is paid search', { url: page, utm: { source: 'google', medium: 'cpc' } }, 'paid_search'],
    ['a gclid without tags is paid search', { url: `${page}?gclid=abc`, referrer: 'https://www.google.com/' }, 'paid_search'],
    ['paid tags from a social network are social', { url: page, utm: { source: 'facebook', medium: 'paid' } }, 'social'],
    ['an fbclid is social', { url: `${page}?x=1&fbclid=abc` }, 'social'],
    ['a social network referrer is social', { url: page, referrer: 'https://t.co/xyz' }, 'social'],
    ['linkedin by label', { url: page, referrer: 'https://www.linkedin.com/feed/' }, 'social'],
    ['utm_medium=social is social', { url: page, utm: { source: 'mastodon', medium: 'social' } }, 'social'],
    ['utm_medium=email is email', { url: page, utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } }, 'email'],
    ['a webmail referrer is email, not search', { url: page, referrer: 'https://mail.google.com/mail/u/0/' }, 'email'],
    ['utm_medium=organic is organic search', { url: page, utm: { source: 'bing', medium: 'organic' } }, 'organic_search'],
    ['only utm_source of a search engine is organic search', { url: page, utm: { source: 'google' } }, 'organic_search'],
    ['unknown tags are referral', { url: page, utm: { source: 'partner-blog', medium: 'banner' } }, 'referral'],
    ['another site is referral', { url: page, referrer: 'https://blog.example.org/post' }, 'referral'],
    ['the site itself is internal', { url: page, referrer: 'https://shop.example/pricing' }, 'internal'],
    ['www and a subdomain of the site are internal', { url: page, referrer: 'https://www.shop.example/' }, 'internal'],
    ['a server-given channel is kept', { channel: 'support', url: null, referrer: 'https://www.google.com/' }, 'support'],
  ])('%s', (_name, input, expected) => {
    expect(classifyChannel(input)).toBe(expected);
  });

  it('takes overridden lists', () => {
    const rules = { ...DEFAULT_CHANNEL_RULES, socialNetworks: [...DEFAULT_CHANNEL_RULES.socialNetworks, 'forum.example'], internalHosts: ['pay.example'] };
    expect(classifyChannel({ url: page, referrer: 'https://forum.example/t/1' }, rules)).toBe('social');
    expect(classifyChannel({ url: page, referrer: 'https://pay.example/done' }, rules)).toBe('internal');
    expect(classifyChannel({ url: page, referrer: 'https://forum.example/t/1' })).toBe('referral');
  });
});

// The UI's pure pieces: URL filters, safe links, the Sankey layout, the journey map CSV and
// the funnel/flow forms, each table-driven.
import { describe, expect, it } from 'vitest';
import type { JourneyMapResult, StageSummary } from '../../collector/src/journey/types.js';
import { layoutSankey } from '../../collector/src/ui/charts/sankey-layout.js';
import { filterQuery, filterRange, parseFilters } from '../../collector/src/ui/filters.js';
import { makeLabels } from '../../collector/src/ui/labels.js';
import { mapStory } from '../../collector/src/ui/map-story.js';
import { mapCsv } from '../../collector/src/ui/map-table.js';
import type { MapNote } from '../../collector/src/store/store.js';
import type { SurveyComment } from '../../collector/src/read/survey-summary.js';
import { parseFlowsForm, parseFunnelForm } from '../../collector/src/ui/routes/index.js';
import { safeHref, safeNext } from '../../collector/src/ui/safe-url.js';
import { sameOrigin } from '../../collector/src/ui/security.js';

describe('filters in the URL', () => {
  it.each([
    ['nothing set', '', {}],
    ['a full set', 'from=2026-01-01&to=2026-01-31&site=shop&channel=email', { from: '2026-01-01', to: '2026-01-31', site: 'shop', channel: 'email' }],
    ['reversed dates are swapped', 'from=2026-02-01&to=2026-01-01', { from: '2026-01-01', to: '2026-02-01' }],
    ['malformed dates are dropped', 'from=yesterday&to=2026-13-45', {}],
    ['blank values are dropped', 'site=&channel=%20', {}],
    ['long text is cut to 200', `channel=${'x'.repeat(500)}`, { channel: 'x'.repeat(200) }],
    ['a segment id', 'segment=seg_0123456789abcdef', { segment: 'seg_0123456789abcdef' }],
    ['a segment id that is no id is dropped', 'segment=%3Cscript%3E', {}],
  ])('%s', (_name, query, expected) => {
    const f = parseFilters(new URLSearchParams(query));
    expect(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))).toEqual(expected);
  });

  it('round-trips through filterQuery, with page parameters kept', () => {
    const f = parseFilters(new URLSearchParams('from=2026-01-01&site=shop'));
    expect(filterQuery(f)).toBe('?from=2026-01-01&site=shop');
    expect(filterQuery(f, { steps: '4', level: undefined })).toBe('?from=2026-01-01&site=shop&steps=4');
    expect(filterQuery({})).toBe('');
  });

  it('turns days into the read API range: from midnight UTC to the midnight after the last day', () => {
    expect(filterRange({ from: '2026-01-01', to: '2026-01-01' })).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2) });
  });
});

describe('links from event data', () => {
  it.each([
    ['https://shop.example/a?b=1', 'https://shop.example/a?b=1'],
    ['http://shop.example/', 'http://shop.example/'],
    ['javascript:alert(1)', null],
    ['  JaVaScRiPt:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox(1)', null],
    ['/relative/path', null],
    ['', null],
    [null, null],
  ])('%j → %j', (url, expected) => {
    expect(safeHref(url)).toBe(expected);
  });

  it.each([
    ['/map?site=shop', '/map?site=shop'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/\t/evil.example', '/'],
    ['/\r\nSet-Cookie: a=b', '/'],
    ['/customers?q=a%20b', '/customers?q=a%20b'],
    [undefined, '/'],
  ])('sign-in next %j → %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe('same-origin check on forms', () => {
  const ctx = (headers: Record<string, string>) => ({ req: { url: 'http://127.0.0.1:8787/notes', header: (k: string) => headers[k] } }) as any;
  it.each([
    ['same Origin', { origin: 'http://127.0.0.1:8787' }, true],
    ['other Origin', { origin: 'https://evil.example' }, false],
    ['no Origin, same Referer', { referer: 'http://127.0.0.1:8787/map' }, true],
    ['no Origin, other Referer', { referer: 'https://evil.example/x' }, false],
    ['neither', {}, false],
    ['Origin "null" (sandboxed frame)', { origin: 'null' }, false],
    ['https Origin behind a TLS proxy', { origin: 'https://127.0.0.1:8787', 'x-forwarded-proto': 'https' }, true],
    ['https Origin without the proxy header', { origin: 'https://127.0.0.1:8787' }, false],
  ])('%s', (_name, headers, ok) => {
    expect(sameOrigin(ctx(headers))).toBe(ok);
  });
});

describe('Sankey layout', () => {
  const nodes = [
    { id: '0:a', label: 'a', step: 0, count: 10 },
    { id: '1:b', label: 'b', step: 1, count: 6 },
    { id: '1:(drop-off)', label: '(drop-off)', step: 1, count: 4 },
  ];
  const links = [{ source: '0:a', target: '1:b', value: 6 }, { source: '0:a', target: '1:(drop-off)', value: 4 }];

  it('puts each step in its own column and sizes nodes and bands by count', () => {
    const lay = layoutSankey(nodes, links, { width: 500, height: 220, gap: 20 });
    const byId = Object.fromEntries(lay.nodes.map((n) => [n.id, n]));
    expect(byId['0:a'].x).toBe(0);
    expect(byId['1:b'].x).toBe(500 - lay.nodeWidth);
    // One scale everywhere: 10 customers take 200 px in the fullest column (220 minus one gap).
    expect(byId['0:a'].h).toBeCloseTo(200);
    expect(byId['1:b'].h).toBeCloseTo(120);
    expect(lay.links.map((l) => l.width)).toEqual([120, 80]);
  });

  it('stacks bands leaving one node without overlap', () => {
    const lay = layoutSankey(nodes, links, { width: 500, height: 220 });
    const [l1, l2] = lay.links;
    expect(l2.sy - l1.sy).toBeCloseTo((l1.width + l2.width) / 2);
  });

  it('ignores links to unknown nodes instead of throwing', () => {
    expect(layoutSankey(nodes, [...links, { source: '0:a', target: '9:x', value: 1 }], { width: 300, height: 100 }).links).toHaveLength(2);
  });
});

describe('journey map CSV', () => {
  const stage = (over: Partial<StageSummary>): StageSummary => ({
    stage: 'awareness', customers: 10, converted: 5, conversion: 0.5, medianTimeToNextMs: 3_600_000,
    touchpoints: [{ key: '/pricing', count: 7 }], offSite: [{ key: 'support: ticket_opened', count: 2 }], actions: [{ key: '=HYPERLINK("http://evil")', count: 2 }], channels: [{ key: 'email, "news"', count: 3 }],
    emotion: { average: 0.25, explicit: { average: 0.5, count: 2 }, inferred: { average: null, count: 0 } }, painPoints: [{ key: 'rage_click', count: 1 }],
    ...over,
  });
  const map: JourneyMapResult = { customers: 10, stages: [stage({}), stage({ stage: 'consideration', conversion: null, medianTimeToNextMs: null })] };
  const csv = (notes: MapNote[] = [], comments: SurveyComment[] = []) => mapCsv(map, mapStory({ map, notes, comments, labels: makeLabels() }));
  const note = (over: Partial<MapNote>): MapNote => ({ id: 1, stage: 'awareness', row: 'thoughts', text: '', owner: null, status: 'open', painPoint: null, createdAt: 0, ...over });

  it('has one line per row and one column per stage, quoted where needed', () => {
    const lines = csv().trimEnd().split('\r\n');
    expect(lines[0]).toBe('row,awareness,consideration');
    expect(lines).toContain('Customers,10,10');
    expect(lines).toContain('Customer goal,Find out we exist and what we offer,Decide whether we fit their need');
    expect(lines).toContain('Off-site touchpoints,Support: Ticket opened (2),Support: Ticket opened (2)');
    expect(lines).toContain('Channels,"Email, ""news"" (3)","Email, ""news"" (3)"');
    expect(lines).toContain('Pain points,Rage clicks · 10.0% of customers (1),Rage clicks · 10.0% of customers (1)');
    expect(lines).toContain('Conversion to next stage,50.0% (5),–');
    expect(lines).toContain('Median time to next stage,1.0 h,–');
  });

  it('keeps spreadsheet formulas from running', () => {
    expect(csv()).toContain(`Actions,"'=hyperlink(""http://evil"") (2)"`);
  });

  it('holds opportunities with owner, status and pain point, and thoughts (older per-cell notes among them)', () => {
    const lines = csv([
      note({ stage: 'consideration', row: 'pain', text: 'fix checkout', owner: 'Ana' }),
      note({ id: 2, row: 'opportunities', text: 'One address form', owner: 'Bo', status: 'doing', painPoint: 'form_abandonment' }),
    ]).trimEnd().split('\r\n');
    expect(lines).toContain('Opportunities,One address form — owner Bo · doing · answers abandoned forms,');
    expect(lines.pop()).toBe('Thoughts,,fix checkout — owner Ana · on pain');
  });

  it('quotes the customers in the Voices row: the most negative and most positive per stage', () => {
    const c = (text: string, sentiment: number, stage = 'awareness', at = 0): SurveyComment => ({ at, customerId: 'x', score: null, label: null, text, stage, sentiment });
    const lines = csv([], [c('meh', -0.2), c('awful', -1), c('bad', -0.5, 'awareness', 5), c('great', 1), c('fine', 0), c('elsewhere', -1, 'purchase')]).split('\r\n');
    expect(lines).toContain('Voices,“awful”; “bad”; “great”,');
  });
});

describe('funnel and flow settings from the URL', () => {
  it.each([
    ['the default stage funnel', '', ['stage:awareness', 'stage:consideration', 'stage:purchase', 'stage:onboarding'], '30d', false],
    ['form fields', 'k0=page&v0=/pricing&k1=event&v1=signed_up&window=7d&strict=1', ['page:/pricing', 'event:signed_up'], '7d', true],
    ['shared links', 's0=stage:purchase&s1=event:a:b&window=1h', ['stage:purchase', 'event:a:b'], '1h', false],
    ['blank and unknown kinds are skipped', 'k0=page&v0=&k1=bogus&v1=x&k2=event&v2=go', ['event:go'], '30d', false],
    ['an unknown window falls back to 30 days', 's0=stage:purchase&s1=stage:onboarding&window=5y', ['stage:purchase', 'stage:onboarding'], '30d', false],
  ])('%s', (_name, query, steps, window, strict) => {
    const f = parseFunnelForm(new URLSearchParams(query));
    expect(f.steps.map((s) => `${s.kind}:${s.value}`)).toEqual(steps);
    expect([f.window, f.strict]).toEqual([window, strict]);
  });

  it.each([
    ['', { level: 'stage', start: '', steps: 4 }],
    ['level=page&start=/pricing&steps=6', { level: 'page', start: '/pricing', steps: 6 }],
    ['level=bogus&steps=99', { level: 'stage', start: '', steps: 4 }],
  ])('flows %j', (query, expected) => {
    expect(parseFlowsForm(new URLSearchParams(query))).toEqual(expected);
  });
});

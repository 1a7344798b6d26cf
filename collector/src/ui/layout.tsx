// The page shell every analyst page shares: navigation, the shared filter bar, and the small
// building blocks (empty state, error box, stage tag). Text is escaped by Hono's JSX.
import { channelLabel } from './labels.js';
import type { Child } from 'hono/jsx';
import { filterQuery, type UiFilters } from './filters.js';
import { AppliedSegment, SegmentPicker } from './segment-filter.js';

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/map', label: 'Journey map' },
  { href: '/flows', label: 'Flows' },
  { href: '/funnels', label: 'Funnels' },
  { href: '/customers', label: 'Customers' },
  { href: '/surveys', label: 'Surveys' },
  { href: '/touchpoints', label: 'Critical touchpoints' },
  { href: '/segments', label: 'Segments' },
  { href: '/quarantine', label: 'Quarantine' },
  { href: '/actions', label: 'Actions' },
] as const;

export const CHANNELS = ['direct', 'organic_search', 'paid_search', 'social', 'email', 'referral', 'internal'];

export interface PageProps {
  title: string;
  /** The nav entry to mark as current (its href). */
  active: string;
  subtitle?: Child;
  filters?: UiFilters;
  /** Site ids for the site filter. */
  sites?: string[];
  /** Page parameters the filter form keeps (e.g. funnel steps). */
  keep?: Record<string, string | undefined>;
  /** The filter bar also asks for a period to compare with (compareFrom, compareTo). */
  compare?: boolean;
  scripts?: string[];
  actions?: Child;
  /** When the figures shown were computed, if they are older than the data (see staleSince). */
  staleSince?: string;
  /** Reload the page after this many seconds (a page whose figures are still being computed). */
  refreshSeconds?: number;
  children?: Child;
}

/**
 * An aggregate the read service served from older data while it computes the current one
 * (AggregateMeta.stale): when that older result was computed, else undefined.
 */
export function staleSince(result: object | null | undefined): string | undefined {
  const meta = (result as { meta?: { stale?: boolean; computedAt?: string } } | null | undefined)?.meta;
  return meta?.stale ? meta.computedAt : undefined;
}

export function Logo() {
  return (
    <svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true">
      <rect width="26" height="26" rx="7" fill="#4f46e5" />
      <path d="M5 17 L10 10 L14 15 L21 7" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round" />
      <circle cx="21" cy="7" r="2.2" fill="#a5b4fc" />
    </svg>
  );
}

export function Page(p: PageProps) {
  const q = p.filters ? filterQuery(p.filters) : '';
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · Waymark`}</title>
        {p.refreshSeconds ? <meta http-equiv="refresh" content={String(p.refreshSeconds)} /> : null}
        <link rel="stylesheet" href="/ui/assets/app.css" />
        <link rel="icon" href="/ui/assets/favicon.svg" type="image/svg+xml" />
        {['loading.js', ...(p.scripts ?? [])].map((s) => <script type="module" src={`/ui/assets/${s}`}></script>)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <div class="progress" aria-hidden="true"></div>
        <div class="shell">
          <nav class="side" aria-label="Main">
            <a class="brand" href={`/${q}`}><Logo /> Waymark</a>
            <ul class="nav">
              {NAV.map((n) => (
                <li><a href={`${n.href}${n.href === '/quarantine' || n.href === '/actions' || n.href === '/segments' ? '' : q}`} aria-current={n.href === p.active ? 'page' : undefined}>{n.label}</a></li>
              ))}
            </ul>
            <form method="post" action="/signout"><button class="signout" type="submit">Sign out</button></form>
          </nav>
          <main id="main" tabindex={-1}>
            <div class="head">
              <div>
                <h1>{p.title}</h1>
                {p.subtitle ? <p class="sub">{p.subtitle}</p> : null}
              </div>
              {p.actions ? <div class="toolbar">{p.actions}</div> : null}
            </div>
            {p.filters ? <FilterBar action={p.active} filters={p.filters} sites={p.sites ?? []} keep={p.keep} compare={p.compare} /> : null}
            {p.filters ? <AppliedSegment /> : null}
            {p.staleSince ? (
              <p class="notice" id="stale" role="status">
                {`Figures as of ${p.staleSince.slice(11, 16)} UTC: newer events are being added to them. Reload in a moment to see them.`}
              </p>
            ) : null}
            {p.children}
          </main>
        </div>
      </body>
    </html>
  );
}

export function FilterBar(p: { action: string; filters: UiFilters; sites: string[]; keep?: Record<string, string | undefined>; compare?: boolean }) {
  const f = p.filters;
  const channels = f.channel && !CHANNELS.includes(f.channel) ? [...CHANNELS, f.channel] : CHANNELS;
  return (
    <form class="filters" method="get" action={p.action} role="search" aria-label="Filters">
      {Object.entries(p.keep ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
      <label>From<input type="date" name="from" value={f.from ?? ''} /></label>
      <label>To<input type="date" name="to" value={f.to ?? ''} /></label>
      <label>Site
        <select name="site">
          <option value="">All sites</option>
          {p.sites.map((s) => <option value={s} selected={s === f.site}>{s}</option>)}
        </select>
      </label>
      <label>First-touch channel
        <select name="channel">
          <option value="">All channels</option>
          {channels.map((c) => <option value={c} selected={c === f.channel}>{channelLabel(c)}</option>)}
        </select>
      </label>
      <SegmentPicker value={f.segment} />
      {p.compare ? (
        <fieldset class="compare-bar">
          <legend>Compare with (B)</legend>
          <label>From<input type="date" name="compareFrom" value={f.compareFrom ?? ''} /></label>
          <label>To<input type="date" name="compareTo" value={f.compareTo ?? ''} /></label>
          <SegmentPicker value={f.compareSegment} name="compareSegment" />
        </fieldset>
      ) : null}
      <button type="submit">Apply</button>
      {f.from || f.to || f.site || f.channel || f.segment || (p.compare && (f.compareFrom || f.compareSegment)) ? <a class="reset" href={`${p.action}${filterQuery({}, p.keep)}`}>Clear filters</a> : null}
    </form>
  );
}

export function Empty(p: { title: string; children?: Child }) {
  return <div class="empty" role="status"><strong>{p.title}</strong>{p.children}</div>;
}

export function ErrorBox(p: { children?: Child }) {
  return <div class="error" role="alert">{p.children}</div>;
}

/** A titled panel; `label` names it for screen readers when its title repeats on the page (one card per survey). */
export function Card(p: { title?: string; label?: string; span?: 3 | 4 | 6 | 8 | 12; class?: string; children?: Child; id?: string }) {
  return (
    <section class={`card span-${p.span ?? 12}${p.class ? ` ${p.class}` : ''}`} aria-label={p.label ?? p.title} id={p.id}>
      {p.title ? <h2>{p.title}</h2> : null}
      {p.children}
    </section>
  );
}

export function fmtNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtPercent(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '–';
  return `${(r * 100).toFixed(1)}%`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export function fmtTime(iso: string | number): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

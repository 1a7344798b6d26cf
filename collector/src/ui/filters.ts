// The filters every page shares (date range, site, first-touch channel, segment), read from and written
// to the URL so a view can be shared by copying its address.
export interface UiFilters {
  /** Inclusive first day, `YYYY-MM-DD` (UTC). */
  from?: string;
  /** Inclusive last day, `YYYY-MM-DD` (UTC). */
  to?: string;
  site?: string;
  channel?: string;
  /** A saved segment's id (segment-filter.tsx looks it up). */
  segment?: string;
  /** The period compared with (the journey map): inclusive first and last day, both or neither. */
  compareFrom?: string;
  compareTo?: string;
  /** The segment compared with (side B), instead of the one `segment` applies. */
  compareSegment?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(v: string | null | undefined): string | undefined {
  return v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined;
}

function text(v: string | null | undefined): string | undefined {
  const t = v?.trim();
  return t ? t.slice(0, 200) : undefined;
}

/** Unknown or malformed values are dropped, never echoed into a query. */
export function parseFilters(params: URLSearchParams): UiFilters {
  const segment = params.get('segment'), compareSegment = params.get('compareSegment');
  const id = (v: string | null) => (v && /^[\w-]{1,64}$/.test(v) ? v : undefined);
  const f: UiFilters = {
    from: day(params.get('from')), to: day(params.get('to')), site: text(params.get('site')), channel: text(params.get('channel')),
    segment: id(segment), compareSegment: id(compareSegment),
  };
  if (f.from && f.to && f.from > f.to) [f.from, f.to] = [f.to, f.from];
  const compareFrom = day(params.get('compareFrom')), compareTo = day(params.get('compareTo'));
  if (compareFrom && compareTo) {
    [f.compareFrom, f.compareTo] = compareFrom > compareTo ? [compareTo, compareFrom] : [compareFrom, compareTo];
  }
  return f;
}

/** `?from=…&site=…` (with the leading `?`), or '' when no filter is set; `extra` adds page-specific parameters. */
export function filterQuery(f: UiFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The filter as the store and the read API take it: ms since epoch, `to` exclusive (the day after the last day). */
export function filterRange(f: UiFilters): { from?: number; to?: number } {
  return {
    from: f.from ? Date.parse(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? Date.parse(`${f.to}T00:00:00Z`) + 86_400_000 : undefined,
  };
}

/** Side B of a comparison: the same filters over the comparison period and/or segment (null when none is asked for). */
export function comparedFilters(f: UiFilters): UiFilters | null {
  const period = f.compareFrom && f.compareTo;
  if (!period && !f.compareSegment) return null;
  return { ...f, ...(period ? { from: f.compareFrom, to: f.compareTo } : {}), segment: f.compareSegment ?? f.segment };
}

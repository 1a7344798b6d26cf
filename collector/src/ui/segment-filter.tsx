// The segment picker of the shared filter bar: every page request that may show it looks up the
// saved segments (with their sizes) and the one `?segment=<id>` applies, once, in a middleware;
// render.ts hands them to the filter bar through a JSX context, so no page passes them along.
// An id no segment has answers 404 with a way back, never an unfiltered page that looks filtered.
import type { MiddlewareHandler } from 'hono';
import { createContext, useContext } from 'hono/jsx';
import type { ReadService, SizedSegment } from '../read/service.js';
import { ErrorBox, fmtNumber, Page } from './layout.js';
import { render } from './render.js';

export interface SegmentChoice { segments: SizedSegment[]; applied: SizedSegment | null }

const choices = new WeakMap<Request, SegmentChoice>();
export const SegmentContext = createContext<SegmentChoice | null>(null);

/** The segments this request's filter bar offers, and the applied one; null when the middleware did not run. */
export const segmentChoiceOf = (req: Request) => choices.get(req) ?? null;

export function segmentChoice(read: ReadService): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const id = c.req.query('segment');
    const segments = await read.segments();
    const applied = id ? segments.find((s) => s.id === id) ?? null : null;
    if (id && !applied) {
      const back = new URL(c.req.url);
      back.searchParams.delete('segment');
      return render(c, (
        <Page title="Segment not found" active="/segments">
          <ErrorBox>{`No segment has the id "${id.slice(0, 100)}": it may have been deleted. `}<a href={`${back.pathname}${back.search}`}>Show this page for all customers</a>{' or '}<a href="/segments">pick another segment</a>.</ErrorBox>
        </Page>
      ), 404);
    }
    choices.set(c.req.raw, { segments, applied });
    return next();
  };
}

const sizeText = (n: number) => `${fmtNumber(n)} ${n === 1 ? 'customer' : 'customers'}`;

/** The filter bar's segment select (or, with `name="compareSegment"`, side B's), or a link to define one when none is saved. */
export function SegmentPicker(p: { value?: string; name?: 'segment' | 'compareSegment' }) {
  const choice = useContext(SegmentContext);
  if (!choice) return null;
  const b = p.name === 'compareSegment';
  if (!choice.segments.length) return b ? null : <a class="reset" href="/segments">Define a segment</a>;
  return (
    <label>Segment
      <select name={p.name ?? 'segment'}>
        <option value="">{b ? 'Same as A' : 'All customers'}</option>
        {choice.segments.map((s) => <option value={s.id} selected={s.id === p.value}>{`${s.name} (${fmtNumber(s.size)})`}</option>)}
      </select>
    </label>
  );
}

/** Under the filter bar while a segment is applied: which one, and how many customers it holds. */
export function AppliedSegment() {
  const applied = useContext(SegmentContext)?.applied;
  if (!applied) return null;
  return (
    <p class="notice segment-applied" id="segment-applied" role="status" data-size={applied.size}>
      Segment <strong>{applied.name}</strong>{`: ${sizeText(applied.size)}. Every figure on this page counts only them.`}
    </p>
  );
}

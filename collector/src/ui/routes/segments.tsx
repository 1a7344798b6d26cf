// The Segments page: list, create (a form with a field per condition), and delete after a
// confirmation page. The forms are POSTs from this origin only (routes/index.ts, requireSameOrigin).
import { Hono } from 'hono';
import { OptionError } from '../../journey/index.js';
import { DeleteSegmentPage, SegmentsPage, type SegmentForm } from '../pages/segments.js';
import { render } from '../render.js';
import { ErrorBox, Page } from '../layout.js';
import type { UiContext } from './context.js';

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/**
 * The form as the definition the read service checks: empty fields left out, lists split on
 * commas, traits one `name=value` a line, scores as numbers. A line without `=` is the caller's to fix.
 */
export function definitionFromForm(f: SegmentForm): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const key of ['reached', 'current', 'channel', 'campaign', 'painPoint'] as const) if (f[key]?.trim()) d[key] = f[key]!.trim();
  for (const key of ['did', 'didNot', 'visited'] as const) if (list(f[key]).length) d[key] = list(f[key]);
  const lines = (f.traits ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length) {
    const traits: Record<string, string> = {};
    for (const line of lines) {
      const at = line.indexOf('=');
      if (at <= 0) throw new OptionError(`traits: write each as name=value on its own line ("${line.slice(0, 60)}" has no name=)`);
      traits[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    d.traits = traits;
  }
  const min = f.scoreMin?.trim(), max = f.scoreMax?.trim();
  if (min || max) d.score = { ...(min ? { min: Number(min) } : {}), ...(max ? { max: Number(max) } : {}) };
  return d;
}

export function segmentsRoutes({ read }: UiContext) {
  const ui = new Hono();

  ui.get('/segments', async (c) => render(c, <SegmentsPage segments={await read.segments()} created={c.req.query('created')} />));

  ui.post('/segments', async (c) => {
    const body = await c.req.parseBody();
    const form: SegmentForm = {};
    for (const key of ['name', 'reached', 'current', 'channel', 'campaign', 'traits', 'did', 'didNot', 'visited', 'painPoint', 'scoreMin', 'scoreMax'] as const) {
      if (typeof body[key] === 'string') form[key] = (body[key] as string).slice(0, 2000);
    }
    try {
      const made = await read.createSegment({ name: form.name, definition: definitionFromForm(form) });
      return c.redirect(`/segments?created=${encodeURIComponent(made.id)}`, 303);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <SegmentsPage segments={await read.segments()} form={form} error={e.message} />, 400);
    }
  });

  ui.get('/segments/:id/delete', async (c) => {
    const segment = (await read.segments()).find((s) => s.id === c.req.param('id'));
    if (!segment) return render(c, <Page title="Segment not found" active="/segments"><ErrorBox>This segment no longer exists. <a href="/segments">Back to the segments</a>.</ErrorBox></Page>, 404);
    return render(c, <DeleteSegmentPage segment={segment} />);
  });

  ui.post('/segments/:id/delete', async (c) => {
    await read.deleteSegment(c.req.param('id'));
    // Deleted now or before (a second tab): either way it is gone.
    return c.redirect('/segments', 303);
  });

  return ui;
}

// Annotations from the overview's form: added with a date and a line of text, deleted.
import { Hono } from 'hono';
import { parseAnnotation } from '../../annotations/schema.js';
import { ErrorBox, Page } from '../layout.js';
import { render } from '../render.js';
import { safeNext } from '../safe-url.js';
import type { UiContext } from './context.js';

export function annotationsRoutes({ deps }: UiContext) {
  const ui = new Hono();
  const back = (form: Record<string, unknown>) => safeNext(typeof form.back === 'string' ? form.back : '/');

  ui.post('/annotations', async (c) => {
    const form = await c.req.parseBody();
    const parsed = parseAnnotation({ date: form.date, text: form.text });
    if ('error' in parsed) {
      return render(c, <Page title="Annotation not saved" active="/"><ErrorBox>{`An annotation needs a date and 1–500 characters saying what changed (${parsed.error}). Go back and try again.`}</ErrorBox></Page>, 400);
    }
    await deps.store.annotations.add(parsed.annotation);
    return c.redirect(back(form), 303);
  });

  ui.post('/annotations/:id/delete', async (c) => {
    const form = await c.req.parseBody();
    const id = c.req.param('id');
    if (/^\d{1,15}$/.test(id)) await deps.store.annotations.delete(Number(id));
    return c.redirect(back(form), 303);
  });
  return ui;
}

// The map's notes: added and deleted from forms on the map page.
import { Hono } from 'hono';
import { STAGES } from '../../../../wire/schema.js';
import { ErrorBox, Page } from '../layout.js';
import { MAP_ROW_KEYS } from '../map-table.js';
import { render } from '../render.js';
import { safeNext } from '../safe-url.js';
import type { UiContext } from './context.js';

export function notesRoutes({ deps }: UiContext) {
  const ui = new Hono();

  ui.post('/notes', async (c) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const stage = str('stage'), row = str('row'), text = str('text'), owner = str('owner');
    if (!(STAGES as readonly string[]).includes(stage) || !MAP_ROW_KEYS.includes(row) || !text || text.length > 2000 || owner.length > 100) {
      return render(c, <Page title="Note not saved" active="/map"><ErrorBox>A note needs a stage column, a row and 1–2000 characters of text (owner at most 100). Go back and try again.</ErrorBox></Page>, 400);
    }
    await deps.store.addMapNote({ stage, row, text, owner: owner || null });
    return c.redirect(safeNext(str('back') || '/map'), 303);
  });

  ui.post('/notes/:id/delete', async (c) => {
    const form = await c.req.parseBody();
    await deps.store.deleteMapNote(Number(c.req.param('id')));
    return c.redirect(safeNext(typeof form.back === 'string' ? form.back : '/map'), 303);
  });

  return ui;
}

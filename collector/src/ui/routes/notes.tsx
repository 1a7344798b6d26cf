// The map's notes (opportunities and thoughts): added from their rows, moved between statuses, deleted.
import { Hono } from 'hono';
import { STAGES } from '../../../../wire/schema.js';
import { MAP_NOTE_STATUSES, type MapNoteStatus } from '../../store/store.js';
import { ErrorBox, Page } from '../layout.js';
import { MAP_ROW_KEYS } from '../map-table.js';
import { render } from '../render.js';
import { safeNext } from '../safe-url.js';
import type { UiContext } from './context.js';

const PAIN_POINT = /^[a-z_]{1,40}$/;
const isStatus = (s: string): s is MapNoteStatus => (MAP_NOTE_STATUSES as readonly string[]).includes(s);

export function notesRoutes({ deps }: UiContext) {
  const ui = new Hono();

  ui.post('/notes', async (c) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const stage = str('stage'), row = str('row'), text = str('text'), owner = str('owner');
    const status = str('status') || 'open', painPoint = str('painPoint');
    if (!(STAGES as readonly string[]).includes(stage) || !MAP_ROW_KEYS.includes(row) || !text || text.length > 2000 || owner.length > 100
      || !isStatus(status) || (painPoint && !PAIN_POINT.test(painPoint))) {
      return render(c, <Page title="Note not saved" active="/map"><ErrorBox>A note needs a stage column, a row and 1–2000 characters of text (owner at most 100; status open, doing or done). Go back and try again.</ErrorBox></Page>, 400);
    }
    await deps.store.addMapNote({ stage, row, text, owner: owner || null, status, painPoint: painPoint || null });
    return c.redirect(safeNext(str('back') || '/map'), 303);
  });

  ui.post('/notes/:id/status', async (c) => {
    const form = await c.req.parseBody();
    const status = typeof form.status === 'string' ? form.status : '';
    if (!isStatus(status)) {
      return render(c, <Page title="Status not changed" active="/map"><ErrorBox>A status is open, doing or done. Go back and try again.</ErrorBox></Page>, 400);
    }
    await deps.store.setMapNoteStatus(Number(c.req.param('id')), status);
    return c.redirect(safeNext(typeof form.back === 'string' ? form.back : '/map'), 303);
  });

  ui.post('/notes/:id/delete', async (c) => {
    const form = await c.req.parseBody();
    await deps.store.deleteMapNote(Number(c.req.param('id')));
    return c.redirect(safeNext(typeof form.back === 'string' ? form.back : '/map'), 303);
  });

  return ui;
}

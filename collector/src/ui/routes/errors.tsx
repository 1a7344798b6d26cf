// What a page shows when it cannot answer yet (still computing) or at all (an error).
import type { Context } from 'hono';
import { StillComputing } from '../../read/service.js';
import { Empty, ErrorBox, NAV, Page } from '../layout.js';
import { render } from '../render.js';

export function uiErrorPage(err: Error, c: Context) {
  if (err instanceof StillComputing) {
    // 202: accepted, still being worked on. The page reloads itself until the figures are there.
    const active = NAV.find((n) => n.href === c.req.path)?.href ?? '';
    return render(c, (
      <Page title="Computing…" active={active} refreshSeconds={2}>
        <Empty title="Rebuilding every customer's journey for this view">
          <p id="computing">This takes a few seconds on a large store and happens once until new events arrive. The page reloads by itself when the figures are ready; you can also <a href={c.req.url}>reload it now</a>.</p>
        </Empty>
      </Page>
    ), 202);
  }
  console.error('analyst UI error:', err);
  return render(c, (
    <Page title="Something went wrong" active="">
      <ErrorBox>{`This page could not be built: ${err.message}. Reload to try again; if it keeps failing, check the collector's log.`}</ErrorBox>
    </Page>
  ), 500);
}

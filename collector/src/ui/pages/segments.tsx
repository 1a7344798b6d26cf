// Segments: the saved ones with their sizes and links that open each page for them, a form that
// defines a new one (a field per condition), and a confirmation before one is deleted.
import { STAGES } from '../../../../wire/schema.js';
import type { SizedSegment } from '../../read/service.js';
import { PAIN_POINT_KINDS, type SegmentDefinition } from '../../segments/index.js';
import { channelLabel, painLabel } from '../labels.js';
import { Card, CHANNELS, Empty, ErrorBox, fmtNumber, fmtTime, Page } from '../layout.js';

/** What the create form holds, as typed: shown again beside the error when it cannot be saved. */
export type SegmentForm = Partial<Record<'name' | 'reached' | 'current' | 'channel' | 'campaign' | 'traits' | 'did' | 'didNot' | 'visited' | 'painPoint' | 'scoreMin' | 'scoreMax', string>>;

/** A definition in words, one condition after another: `reached purchase · plan = pro · did order_completed`. */
export function describeDefinition(d: SegmentDefinition): string[] {
  const out: string[] = [];
  if (d.reached) out.push(`reached ${d.reached}`);
  if (d.current) out.push(`now in ${d.current}`);
  if (d.channel) out.push(`first came via ${channelLabel(d.channel)}`);
  if (d.campaign) out.push(`first came from campaign “${d.campaign}”`);
  for (const [k, v] of Object.entries(d.traits ?? {})) out.push(`${k} = ${v}`);
  if (d.did) out.push(`did ${d.did.join(' and ')}`);
  if (d.didNot) out.push(`never did ${d.didNot.join(' or ')}`);
  if (d.visited) out.push(`visited ${d.visited.join(' and ')}`);
  if (d.painPoint) out.push(`met ${painLabel(d.painPoint).toLowerCase()}`);
  if (d.score) out.push(`mean survey score ${d.score.min ?? -1} to ${d.score.max ?? 1}`);
  return out;
}

const open = (id: string, path: string) => `${path}?segment=${encodeURIComponent(id)}`;

export function SegmentsPage(p: { segments: SizedSegment[]; form?: SegmentForm; error?: string; created?: string }) {
  const f = p.form ?? {};
  return (
    <Page title="Segments" active="/segments" subtitle="Saved groups of customers. Pick one in the filter bar of any page, and every figure there counts only its customers.">
      {p.error ? <ErrorBox>{`The segment was not saved: ${p.error}`}</ErrorBox> : null}
      <Card title="Saved segments" id="segments">
        {p.segments.length === 0 ? <Empty title="No segments yet">Define one below: for example customers on the pro plan who met a rage click.</Empty> : (
          <div class="table-wrap">
            <table>
              <thead><tr><th>Name</th><th>Customers in it</th><th class="num">Customers</th><th>Open</th><th>Created</th><th><span class="sr-only">Delete</span></th></tr></thead>
              <tbody>
                {p.segments.map((s) => (
                  <tr data-segment={s.id} class={s.id === p.created ? 'created' : undefined}>
                    <td><strong>{s.name}</strong></td>
                    <td><ul class="wrap reasons">{describeDefinition(s.definition).map((c) => <li>{c}</li>)}</ul></td>
                    <td class="num segment-size">{fmtNumber(s.size)}</td>
                    <td>
                      <a href={open(s.id, '/map')}>Journey map</a>{' · '}<a href={open(s.id, '/customers')}>Customers</a>{' · '}<a href={open(s.id, '/')}>Overview</a>
                    </td>
                    <td class="mono">{fmtTime(s.createdAt)}</td>
                    <td><a class="button secondary" href={`/segments/${encodeURIComponent(s.id)}/delete`} aria-label={`Delete segment ${s.name}`}>Delete…</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="New segment" id="new-segment">
        <p class="muted">Every condition you fill in must hold; leave the others empty.</p>
        <form class="form segment-form" method="post" action="/segments">
          <label>Name<input name="name" required maxlength={100} value={f.name ?? ''} placeholder="Pro plan, met a rage click" /></label>
          <label>Reached stage
            <select name="reached"><option value="">Any</option>{STAGES.map((s) => <option value={s} selected={f.reached === s}>{s}</option>)}</select>
          </label>
          <label>Current stage
            <select name="current"><option value="">Any</option>{STAGES.map((s) => <option value={s} selected={f.current === s}>{s}</option>)}</select>
          </label>
          <label>First-touch channel
            <select name="channel"><option value="">Any</option>{CHANNELS.map((c) => <option value={c} selected={f.channel === c}>{channelLabel(c)}</option>)}</select>
          </label>
          <label>First-touch campaign<input name="campaign" maxlength={200} value={f.campaign ?? ''} placeholder="spring-sale" /></label>
          <label>Traits (one <code>name=value</code> per line)<textarea name="traits" rows={2} placeholder="plan=pro">{f.traits ?? ''}</textarea></label>
          <label>Did events (comma-separated)<input name="did" value={f.did ?? ''} placeholder="order_completed" /></label>
          <label>Never did events<input name="didNot" value={f.didNot ?? ''} placeholder="signed_up" /></label>
          <label>Visited pages (globs, <code>*</code> for anything)<input name="visited" value={f.visited ?? ''} placeholder="/pricing*, /checkout/*" /></label>
          <label>Met a pain point
            <select name="painPoint"><option value="">Any</option>{PAIN_POINT_KINDS.map((k) => <option value={k} selected={f.painPoint === k}>{painLabel(k)}</option>)}</select>
          </label>
          <label>Mean survey score from (−1 to 1)<input name="scoreMin" type="number" min="-1" max="1" step="0.05" value={f.scoreMin ?? ''} /></label>
          <label>to<input name="scoreMax" type="number" min="-1" max="1" step="0.05" value={f.scoreMax ?? ''} /></label>
          <button type="submit">Save segment</button>
        </form>
      </Card>
    </Page>
  );
}

/** Asked before a segment goes: a POST form, so a link or a prefetch never deletes anything. */
export function DeleteSegmentPage(p: { segment: SizedSegment }) {
  const s = p.segment;
  return (
    <Page title="Delete segment?" active="/segments">
      <Card>
        <p>{'Delete the segment '}<strong>{s.name}</strong>{` (${fmtNumber(s.size)} customers now)? Links and views filtered by it stop working. The customers and their journeys stay.`}</p>
        <form method="post" action={`/segments/${encodeURIComponent(s.id)}/delete`} class="confirm">
          <button type="submit">Delete segment</button>{' '}<a class="button secondary" href="/segments">Keep it</a>
        </form>
      </Card>
    </Page>
  );
}

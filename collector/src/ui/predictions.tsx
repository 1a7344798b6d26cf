// Predictions in the analyst UI: the churn-risk and next-stage cells of the customers list, the
// card on a customer's page, and the /predictions page (customers by probability, either order,
// with the model's held-out accuracy beside both baselines on this store's own data).
import type { Child } from 'hono/jsx';
import { Hono } from 'hono';
import { requireReadAccess } from '../auth.js';
import { customerIdSegment } from '../api/customer-id.js';
import type { Evaluation } from '../predict/metrics.js';
import { PREDICTION_KINDS, type PredictionKind } from '../predict/outcomes.js';
import type { CustomerPrediction, PredictionPage, PredictionService } from '../predict/service.js';
import { Card, Empty, fmtNumber, fmtPercent, fmtTime, Page } from './layout.js';
import { render } from './render.js';
import { uiHeaders } from './security.js';

export type PredictionSnapshot = Map<PredictionKind, Map<string, CustomerPrediction>> | null;

const KIND_LABEL: Record<PredictionKind, string> = { churn: 'Churn risk', next_stage: 'Next stage' };

const bandText = (p: CustomerPrediction) => (p.band && p.band.observed !== null
  ? `calibrated band ${p.band.from.toFixed(1)}–${p.band.to.toFixed(1)}: ${fmtPercent(p.band.observed)} of ${fmtNumber(p.band.customers)} held-out customers`
  : 'no calibration yet');

/** One probability, with its band and drivers on hover. */
export function PredictionCell(p: { prediction: CustomerPrediction | null | undefined }) {
  const x = p.prediction;
  if (!x) return <span class="muted">–</span>;
  return <span class="mono" title={[bandText(x), ...x.drivers.map((d) => d.text)].join('\n')}>{fmtPercent(x.probability)}</span>;
}

/** Headers of the customers list's prediction columns; each sorts by opening /predictions. */
export function PredictionHeaders() {
  return <>{PREDICTION_KINDS.map((k) => <th class="num"><a href={`/predictions?kind=${k}`} title={`Sort customers by ${KIND_LABEL[k].toLowerCase()}`}>{KIND_LABEL[k]} ↓</a></th>)}</>;
}

export function PredictionCells(p: { snapshot: PredictionSnapshot; customerId: string }) {
  return <>{PREDICTION_KINDS.map((k) => <td class="num"><PredictionCell prediction={p.snapshot?.get(k)?.get(p.customerId)} /></td>)}</>;
}

/** The card on a customer's page. */
export function PredictionCard(p: { snapshot: PredictionSnapshot; customerId: string }) {
  const rows = PREDICTION_KINDS.map((k) => [k, p.snapshot?.get(k)?.get(p.customerId) ?? null] as const);
  return (
    <Card title="Predictions" span={12} id="predictions">
      {p.snapshot === null ? <p class="muted">Predictions are being computed; reload in a moment.</p> : (
        <table>
          <thead><tr><th>Prediction</th><th class="num">Probability</th><th>Calibrated band</th><th>Top drivers</th></tr></thead>
          <tbody>
            {rows.map(([k, x]) => (
              <tr>
                <td><a href={`/predictions?kind=${k}`}>{KIND_LABEL[k]}</a></td>
                <td class="num">{x ? fmtPercent(x.probability) : '–'}</td>
                <td>{x ? bandText(x) : <span class="muted">not predicted for this customer (not active in the last 30 days, or no stage to predict)</span>}</td>
                <td>{x ? <ul>{x.drivers.map((d) => <li>{d.text}</li>)}</ul> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

function EvaluationTable(p: { e: { model: Evaluation; markov: Evaluation; recency: Evaluation } }): Child {
  const row = (name: string, x: Evaluation) => <tr><td>{name}</td><td class="num">{f3(x.auc)}</td><td class="num">{f3(x.brier)}</td><td class="num">{f3(x.ece)}</td><td class="num">{x.lift === null ? '–' : `${x.lift.toFixed(2)}×`}</td></tr>;
  return (
    <table id="prediction-accuracy">
      <thead><tr><th></th><th class="num">AUC</th><th class="num">Brier</th><th class="num">Calibration error</th><th class="num">Top-decile lift</th></tr></thead>
      <tbody>{row('model', p.e.model)}{row('stage-transition rate', p.e.markov)}{row('recency rule', p.e.recency)}</tbody>
    </table>
  );
}

export function PredictionsPage(p: { page: PredictionPage; order: 'asc' | 'desc' }) {
  const { page } = p;
  const m = page.model;
  const e = m?.evaluation;
  return (
    <Page title={KIND_LABEL[page.kind]} active="/customers" subtitle={<>Customers by probability · {PREDICTION_KINDS.map((k) => <a href={`/predictions?kind=${k}`} aria-current={k === page.kind ? 'page' : undefined}> {KIND_LABEL[k]} </a>)}</>}>
      <div class="grid">
        <Card title="Accuracy on this store's customers" span={12} id="accuracy">
          {!m ? <Empty title="No model yet">{page.reason ?? 'Not enough history to train one.'}</Empty> : (
            <>
              <p class="muted">{`Model version ${m.version}, trained ${fmtTime(m.trainedAt)} on ${fmtNumber(m.customers)} customers; judged on customers it never saw at ${fmtTime(e?.cutoff ?? m.cutoff)} (${m.horizonDays}-day horizon).`}</p>
              {e ? <EvaluationTable e={e} /> : <p class="muted">No evaluation.</p>}
            </>
          )}
        </Card>
        <Card title={`${fmtNumber(page.predictions.length)} customers`} span={12}>
          {page.predictions.length === 0 ? <Empty title="No predictions">Predictions cover customers seen in the last 30 days.</Empty> : (
            <div class="table-wrap">
              <table id="predictions">
                <thead><tr><th>Customer</th><th class="num"><a href={`/predictions?kind=${page.kind}&order=${p.order === 'desc' ? 'asc' : 'desc'}`}>Probability {p.order === 'desc' ? '↓' : '↑'}</a></th><th>Calibrated band</th><th>Top drivers</th></tr></thead>
                <tbody>
                  {page.predictions.map((x) => (
                    <tr>
                      <td><a class="clip" href={`/customers/${customerIdSegment(x.customerId)}`}>{x.customerId}</a></td>
                      <td class="num">{fmtPercent(x.probability)}</td>
                      <td>{bandText(x)}</td>
                      <td>{x.drivers.map((d) => d.text).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </Page>
  );
}

/** GET /predictions?kind=churn|next_stage&order=desc|asc (the read token's session). */
export function predictionPages(readToken: string, service: PredictionService) {
  const ui = new Hono();
  ui.use('/predictions', uiHeaders(), requireReadAccess(readToken, 'redirect'));
  ui.get('/predictions', async (c) => {
    const kind = (PREDICTION_KINDS as readonly string[]).includes(c.req.query('kind') ?? '') ? (c.req.query('kind') as PredictionKind) : 'churn';
    const order = c.req.query('order') === 'asc' ? 'asc' : 'desc';
    return render(c, <PredictionsPage page={await service.predictions(kind, { limit: 200, order })} order={order} />);
  });
  return ui;
}

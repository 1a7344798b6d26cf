// Surveys: for each survey, the answers by stage and by the touchpoint that triggered them,
// the score distribution, the daily trend and the latest comments.
import { customerIdSegment } from '../../api/customer-id.js';
import { BarChart } from '../charts/bar-chart.js';
import { SentimentTrend } from '../charts/sentiment-trend.js';
import type { UiFilters } from '../filters.js';
import { Card, Empty, fmtNumber, fmtTime, Page } from '../layout.js';
import { stageColor } from '../styles.js';
import type { Bucket, SurveySummary } from '../../read/survey-summary.js';

const score = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

export function SurveysPage(p: { surveys: SurveySummary[]; filters: UiFilters; sites: string[] }) {
  return (
    <Page title="Surveys" active="/surveys" filters={p.filters} sites={p.sites}
      subtitle="What customers told you, where in the journey they said it, and how it changes. Scores are normalised to −1..+1.">
      {p.filters.channel ? <div class="notice">Survey answers are filtered by date and site; the first-touch channel filter does not apply here.</div> : null}
      {p.surveys.length === 0 ? (
        <div class="card"><Empty title="No survey answers for these filters">Define surveys in the configuration (<code>surveys</code>); answers appear here as customers reply.</Empty></div>
      ) : (
        <div class="grid">
          {p.surveys.map((s) => (
            <Card span={12} title={s.surveyId} id={`survey-${s.surveyId}`}>
              <p class="sub">{s.question ? <span class="wrap">{`“${s.question}” · `}</span> : null}{`${s.instrument} · ${fmtNumber(s.answers)} answers · ${fmtNumber(s.dismissed)} dismissed · average ${score(s.average)}`}</p>
              <div class="grid">
                <Card span={6} title="Distribution" label={`Distribution of ${s.surveyId}`}>
                  <BarChart label={`Answer distribution of ${s.surveyId}`} bars={s.distribution.map((d) => ({ label: d.key, value: d.count, text: fmtNumber(d.count) }))} />
                </Card>
                <Card span={6} title="Trend (average answer per day, −1 to +1)" label={`Trend of ${s.surveyId}`}>
                  {s.trend.some((t) => t.average !== null) ? <SentimentTrend label={`Average answer per day for ${s.surveyId}; dot size is the number of answers`} points={s.trend} /> : <p class="muted">No scored answers.</p>}
                </Card>
                <Card span={6} title="By stage" label={`${s.surveyId} by stage`}><BucketTable rows={s.byStage} first="Stage" stage /></Card>
                <Card span={6} title="By touchpoint that asked" label={`${s.surveyId} by touchpoint that asked`}><BucketTable rows={s.byTouchpoint} first="Touchpoint" /></Card>
                <Card span={12} title={`Comments (${fmtNumber(s.comments.length)})`} label={`Comments on ${s.surveyId}`}>
                  {s.comments.length === 0 ? <p class="muted">No comments.</p> : (
                    <table class="comments">
                      <thead><tr><th>When</th><th>Customer</th><th class="num">Score</th><th>Comment</th></tr></thead>
                      <tbody>
                        {s.comments.map((c) => (
                          <tr>
                            <td class="mono">{fmtTime(c.at)}</td>
                            <td><a class="clip" href={`/customers/${customerIdSegment(c.customerId)}`}>{c.customerId}</a></td>
                            <td class="num">{c.score ?? c.label ?? '–'}</td>
                            <td class="wrap comment" dir="auto">{c.text}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </Card>
              </div>
            </Card>
          ))}
        </div>
      )}
    </Page>
  );
}

function BucketTable(p: { rows: Bucket[]; first: string; stage?: boolean }) {
  return (
    <table>
      <thead><tr><th>{p.first}</th><th class="num">Answers</th><th class="num">Average</th></tr></thead>
      <tbody>
        {p.rows.map((r) => (
          <tr><td class="wrap">{p.stage && stageColor(r.key) !== '#64748b' ? <span class={`tag stage stage-${r.key}`}>{r.key}</span> : r.key}</td><td class="num">{fmtNumber(r.count)}</td><td class="num">{score(r.average)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

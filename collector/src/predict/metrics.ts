// How good a probability is, judged against what happened: discrimination (AUC), accuracy of the
// probability itself (Brier score), calibration (10 bins and their expected calibration error) and
// the lift in the top decile (how much likelier the 10 % scored highest are than anyone).

export interface Scored { probability: number; label: 0 | 1 }

/** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). Null without both classes. */
export function auc(xs: readonly Scored[]): number | null {
  const sorted = [...xs].sort((a, b) => a.probability - b.probability);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].probability === sorted[i].probability) j++;
    const rank = (i + 1 + j) / 2; // mean rank of the tied run, 1-based
    for (let k = i; k < j; k++) if (sorted[k].label) { positives++; rankSum += rank; }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (!positives || !negatives) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between probability and outcome (0 is perfect). */
export function brier(xs: readonly Scored[]): number | null {
  if (!xs.length) return null;
  return xs.reduce((s, x) => s + (x.probability - x.label) ** 2, 0) / xs.length;
}

export interface CalibrationBin {
  /** Probabilities in [from, to) (the last bin includes 1). */
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability in the bin, null when empty. */
  predicted: number | null;
  /** Share of the bin's customers for whom it happened, null when empty. */
  observed: number | null;
}

/** Ten bins of equal width over [0, 1]. */
export function calibration(xs: readonly Scored[], bins = 10): CalibrationBin[] {
  const out = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, sum: 0, hits: 0 }));
  for (const x of xs) {
    const b = out[Math.min(bins - 1, Math.floor(x.probability * bins))];
    b.count++; b.sum += x.probability; b.hits += x.label;
  }
  return out.map((b) => ({ from: b.from, to: b.to, count: b.count, predicted: b.count ? b.sum / b.count : null, observed: b.count ? b.hits / b.count : null }));
}

/** Expected calibration error: the bins' |predicted − observed|, weighted by their share of customers. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number | null {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (!n) return null;
  return bins.reduce((s, b) => s + (b.count ? (b.count / n) * Math.abs(b.predicted! - b.observed!) : 0), 0);
}

/**
 * Positive rate among the tenth scored highest over the positive rate of all. Ties at the cut are
 * shared out by their mean outcome, so the order of equal scores cannot change the figure.
 */
export function topDecileLift(xs: readonly Scored[]): number | null {
  const base = xs.reduce((s, x) => s + x.label, 0) / xs.length;
  if (!xs.length || !base) return null;
  const sorted = [...xs].sort((a, b) => b.probability - a.probability);
  const k = xs.length / 10;
  let taken = 0;
  let hits = 0;
  for (let i = 0; i < sorted.length && taken < k;) {
    let j = i;
    while (j < sorted.length && sorted[j].probability === sorted[i].probability) j++;
    const tie = sorted.slice(i, j);
    const take = Math.min(tie.length, k - taken);
    hits += (take * tie.reduce((s, x) => s + x.label, 0)) / tie.length;
    taken += take;
    i = j;
  }
  return hits / taken / base;
}

export interface Evaluation {
  customers: number;
  /** Share for whom it happened. */
  rate: number;
  auc: number | null;
  brier: number | null;
  ece: number | null;
  lift: number | null;
  calibration: CalibrationBin[];
}

export function evaluate(xs: readonly Scored[]): Evaluation {
  const bins = calibration(xs);
  return {
    customers: xs.length,
    rate: xs.length ? xs.reduce((s, x) => s + x.label, 0) / xs.length : 0,
    auc: auc(xs), brier: brier(xs), ece: expectedCalibrationError(bins), lift: topDecileLift(xs), calibration: bins,
  };
}

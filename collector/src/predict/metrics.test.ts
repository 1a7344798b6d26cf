import { describe, expect, it } from 'vitest';
import { auc, brier, calibration, evaluate, expectedCalibrationError, topDecileLift } from './metrics.js';

const s = (probability: number, label: 0 | 1) => ({ probability, label });

describe('prediction metrics against hand-computed values', () => {
  it.each([
    ['perfect order', [s(0.9, 1), s(0.8, 1), s(0.2, 0), s(0.1, 0)], 1],
    ['reversed order', [s(0.1, 1), s(0.2, 1), s(0.8, 0), s(0.9, 0)], 0],
    // pairs (pos, neg): (0.8,0.6) win, (0.8,0.9) lose, (0.4,0.6) lose, (0.4,0.9) lose → 1/4
    ['one of four pairs', [s(0.8, 1), s(0.4, 1), s(0.6, 0), s(0.9, 0)], 0.25],
    // a tie between a positive and a negative counts half: (0.5,0.5) ½, (0.5,0.2) 1 → 0.75
    ['a tie counts half', [s(0.5, 1), s(0.5, 0), s(0.2, 0)], 0.75],
  ] as const)('AUC: %s', (_, xs, expected) => {
    expect(auc(xs as any)).toBeCloseTo(expected, 12);
  });

  it('AUC is null without both outcomes', () => {
    expect(auc([s(0.3, 1), s(0.6, 1)])).toBeNull();
  });

  it('Brier score: mean squared error of the probability', () => {
    // (0.8−1)² + (0.3−0)² + (0.5−1)² = 0.04 + 0.09 + 0.25 = 0.38, / 3
    expect(brier([s(0.8, 1), s(0.3, 0), s(0.5, 1)])).toBeCloseTo(0.38 / 3, 12);
  });

  it('calibration: ten bins of equal width, with the mean predicted and the observed rate; ECE weighs their gaps', () => {
    const xs = [s(0.05, 0), s(0.15, 0), s(0.12, 1), s(0.95, 1), s(1, 1), s(0.91, 0)];
    const bins = calibration(xs);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, count: 1, predicted: 0.05, observed: 0 });
    expect(bins[1].count).toBe(2);
    expect(bins[1].predicted).toBeCloseTo(0.135, 12);
    expect(bins[1].observed).toBe(0.5);
    expect(bins[9].count).toBe(3); // 1.0 falls in the last bin
    expect(bins[9].predicted).toBeCloseTo((0.95 + 1 + 0.91) / 3, 12);
    expect(bins[5]).toMatchObject({ count: 0, predicted: null, observed: null });
    // |0.05−0|·1/6 + |0.135−0.5|·2/6 + |0.9533…−0.6667|·3/6
    const expected = (0.05 * 1 + 0.365 * 2 + Math.abs(2.86 / 3 - 2 / 3) * 3) / 6;
    expect(expectedCalibrationError(bins)).toBeCloseTo(expected, 12);
  });

  it('top-decile lift: the positive rate of the highest tenth over the overall rate', () => {
    // 20 customers, 4 positive (20 %); the top 2 are both positive (100 %): lift 5
    const xs = Array.from({ length: 20 }, (_, i) => s(i / 20, i >= 18 || i === 3 || i === 7 ? 1 : 0));
    expect(topDecileLift(xs)).toBeCloseTo(5, 12);
    // the cut falls inside a tie: the tie counts at its mean outcome, whatever its order
    const tied = [s(0.9, 1), s(0.5, 1), s(0.5, 0), s(0.5, 0), s(0.5, 0), s(0.1, 0), s(0.1, 0), s(0.1, 0), s(0.1, 0), s(0.1, 0)];
    // top tenth = 1 customer of 10; the top one is positive: 1 / (2/10) = 5
    expect(topDecileLift(tied)).toBeCloseTo(5, 12);
    expect(topDecileLift([s(0.5, 1), ...Array.from({ length: 9 }, () => s(0.5, 0))])).toBeCloseTo(1, 12);
  });

  it('evaluate() gathers them with the rate', () => {
    const e = evaluate([s(0.9, 1), s(0.1, 0)]);
    expect(e).toMatchObject({ customers: 2, rate: 0.5, auc: 1 });
    expect(e.brier).toBeCloseTo(0.01, 12);
  });
});

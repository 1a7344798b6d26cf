// The colours that carry white text (stage tags, map headers, timeline lanes) or are text
// themselves (the emotion curves' counts) keep WCAG AA contrast: 4.5:1 for small text.
import { describe, expect, it } from 'vitest';
import { CHANNEL_COLORS, EMOTION_COLORS, STAGE_COLORS } from './styles.js';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('contrast', () => {
  it.each([['#000000', '#ffffff', 21], ['#ffffff', '#ffffff', 1], ['#767676', '#ffffff', 4.54]])('%s on %s is %d:1', (a, b, want) => {
    expect(contrast(a, b)).toBeCloseTo(want, 1);
  });
});

describe('colours that carry text', () => {
  it.each([
    ...Object.entries(STAGE_COLORS).map(([k, c]) => [`stage ${k}`, c]),
    ...Object.entries(CHANNEL_COLORS).map(([k, c]) => [`channel ${k}`, c]),
    ...Object.entries(EMOTION_COLORS).map(([k, c]) => [`emotion ${k}`, c]),
  ])('%s (%s) against white is at least 4.5:1', (_, color) => {
    expect(contrast(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});

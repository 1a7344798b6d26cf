// ms ⇄ ISO-8601, as Date#toISOString writes and Date.parse reads it, but several times faster:
// journeys carry every time as an ISO string (building 50,000 journeys formats about a million of
// them), and their states turn those times back into numbers.
const DAY = 86_400_000;
let lastDay = NaN;
let lastPrefix = '';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** The date part is memoised per day (events cluster), the time part is plain arithmetic. */
export function isoTime(ms: number): string {
  // Outside 1970..9999 (or fractional ms) the builtin handles the odd cases (signs, 6-digit years).
  if (!(ms >= 0 && ms < 253402300800000) || ms !== Math.floor(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  if (day !== lastDay) {
    lastDay = day;
    lastPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / 3_600_000); rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000); rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${lastPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}

/** The digits of s[from..to) as a number; -1 if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's days_from_civil), for years ≥ 0. */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * ISO-8601 → ms, as Date.parse reads it: a journey state turns every touchpoint's time back into
 * a number, and Date.parse cost a tenth of building one. Plain arithmetic for the form isoTime
 * writes (`YYYY-MM-DDTHH:MM:SS.mmmZ`); any other string, and days after the 28th (whether a
 * month has them is Date.parse's to judge), go to Date.parse.
 */
export function isoMs(s: string): number {
  if (s.length !== 24 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== '.' || s[23] !== 'Z') return Date.parse(s);
  const y = digits(s, 0, 4), mo = digits(s, 5, 7), d = digits(s, 8, 10);
  const h = digits(s, 11, 13), mi = digits(s, 14, 16), sec = digits(s, 17, 19), ms = digits(s, 20, 23);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return Date.parse(s);
  return daysFromCivil(y, mo, d) * DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

// ms → ISO-8601, as Date#toISOString writes it, but several times faster: journeys carry every
// time as an ISO string and building 50,000 journeys formats about a million of them.
// The date part is memoised per day (events cluster), the time part is plain arithmetic.
const DAY = 86_400_000;
let lastDay = NaN;
let lastPrefix = '';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

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

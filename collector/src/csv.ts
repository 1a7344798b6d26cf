// CSV as every download of the collector writes it (event and journey exports, the journey map):
// RFC 4180 quoting, and nothing a spreadsheet would run as a formula. Exported text comes from
// events, which anyone with a site's public write key can send.

/** A text cell starting with one of these is evaluated by Excel, LibreOffice or Sheets (`-2+3`, `@SUM(…)`, a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. Text that starts like a formula gets a leading apostrophe, which spreadsheets read as
 * "this is text" and do not show; numbers and booleans are the collector's own and stay as they are.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v !== 'number' && typeof v !== 'boolean' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated. */
export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

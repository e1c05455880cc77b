/**
 * CSV as RFC 4180 writes it (comma-separated, CRLF line ends, every text cell in double quotes with
 * its quotes doubled) and safe to open in a spreadsheet: a text cell starting with = + - @ (or a
 * tab or carriage return) would run as a formula there, so it is written after a single quote
 * (OWASP's "CSV injection" advice). Numbers are written bare.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const CSV_BOM = '\uFEFF';

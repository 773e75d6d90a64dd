// CSV text per RFC 4180: comma-separated, CRLF rows, fields quoted only when they hold a comma, quote or
// line break. Numbers are written in full (toString round-trips a float64), non-finite ones as empty cells.

export type Cell = string | number | null | undefined;

function field(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  return /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.map(field).join(',')];
  for (const row of rows) lines.push(row.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file-name-safe lower-case slug ("AR vs backprop" → "ar-vs-backprop"). */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'panel'
  );
}

// Number formatting for the page. Nothing here ever prints NaN: a missing or non-finite value is "—".

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

export const DASH = '—';

/** Scientific notation for display: 3.2 × 10⁻⁵ (plain for 0.001 ≤ |x| < 1000). */
export function sci(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e3) return String(Number(x.toPrecision(digits + 1)));
  const [mant, exp] = x.toExponential(digits).split('e');
  return `${mant} × 10${power(Number(exp))}`;
}

/** 10⁻⁴-style exponent. */
export function power(exp: number): string {
  return String(exp)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
}

export function fixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(digits);
}

// One formatter: toLocaleString builds a new one per call, which showed up in profiles of the step counters.
const GROUPED = new Intl.NumberFormat('en-US');

export function integer(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : GROUPED.format(Math.round(x));
}

/** Machine-readable value for data-value attributes: full precision, '' when missing. */
export function dataValue(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '' : String(x);
}

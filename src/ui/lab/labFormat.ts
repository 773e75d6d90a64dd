// Small pure helpers the lab's panels share: condition styling, durations, bytes, percentages, smoothing.

import { CONDITION_LABELS, type LabCondition } from '../../protocol/lab';
import { DASH, sci } from '../format';
import { CONDITION_COLORS, CONDITION_DASH } from '../theme';

export interface ConditionStyle {
  id: LabCondition;
  /** Index into the store's per-condition arrays (config order). */
  index: number;
  label: string;
  color: string;
  dash: string | null;
}

export function conditionStyles(conditions: readonly LabCondition[]): ConditionStyle[] {
  return conditions.map((id, index) => ({
    id,
    index,
    label: CONDITION_LABELS[id],
    color: CONDITION_COLORS[id],
    dash: CONDITION_DASH[id] ?? null,
  }));
}

/** Draw order: backprop last, so its dashed line lies over the AR curve that tracks it. */
export function drawOrder(styles: ConditionStyle[]): ConditionStyle[] {
  return [...styles.filter((s) => s.id !== 'bp'), ...styles.filter((s) => s.id === 'bp')];
}

/** 0.9731 → "97.3 %". */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : `${(100 * x).toFixed(digits)} %`;
}

/** Radians → "12.3°" (three significant digits for small angles, so 0.012° does not read as 0.0°). */
export function degrees(rad: number | null | undefined): string {
  if (rad === null || rad === undefined || !Number.isFinite(rad)) return DASH;
  const d = (rad * 180) / Math.PI;
  if (d === 0) return '0°';
  if (Math.abs(d) >= 10) return `${d.toFixed(1)}°`;
  if (Math.abs(d) < 0.001) return `${sci(d, 1)}°`;
  return `${Number(d.toPrecision(2))}°`;
}

/** 83_400 ms → "1 min 23 s"; 4_200 → "4.2 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m - 60 * h).padStart(2, '0')} min`;
}

/** Bytes → "1.2 MB". */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return DASH;
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * Exponential moving average, debiased like TensorBoard's (the first points are not pulled towards 0).
 * `span` is the effective window in points.
 */
export function smooth(values: readonly number[], span: number): number[] {
  const a = span <= 1 ? 1 : 2 / (span + 1);
  const out = new Array<number>(values.length);
  let m = 0;
  let w = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    m = (1 - a) * m + a * v;
    w = (1 - a) * w + a;
    out[i] = m / w;
  }
  return out;
}

/** Index of the entry of an ascending list nearest to `x`. */
export function nearestIndex(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1] - x) < Math.abs(xs[lo] - x) ? lo - 1 : lo;
}

// Small pure helpers shared by the step-axis charts (convergence, traces): per-pixel thinning of long series,
// decade domains for log axes, and nearest-step lookup for pointer read-outs.

import type { ScaleLinear } from 'd3';
import type { RingBuffer } from '../../store';

export type Point = [number, number];

/** Min and max of each pixel column, in step order, of n points (step(i), value(i)). */
export function thinBy(
  n: number,
  step: (i: number) => number,
  value: (i: number) => number,
  x: ScaleLinear<number, number>,
  floor: number,
): Point[] {
  const out: Point[] = [];
  let col = NaN;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const emit = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (Number.isNaN(v)) continue;
    const p: Point = [step(i), Math.max(v, floor)];
    const c = Math.round(x(p[0]));
    if (c !== col) {
      emit();
      col = c;
      lo = hi = p;
    } else {
      if (p[1] < lo![1]) lo = p;
      if (p[1] > hi![1]) hi = p;
    }
  }
  emit();
  return out;
}

/** Whole decades around the data (at least two), so the log axis reads in powers of ten. */
export function decades(lo: number, hi: number): [number, number] {
  let a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi));
  if (b - a < 2) a = b - 2;
  if (!Number.isFinite(a) || !Number.isFinite(b)) [a, b] = [-6, 0];
  return [10 ** a, 10 ** b];
}

/** Powers of ten in a decade domain, every one or every few so labels sit ≥ 28 px apart. */
export function decadeTicks(domain: number[], height: number): number[] {
  const [d0, d1] = domain.map((d) => Math.round(Math.log10(d)));
  const stride = Math.ceil((d1 - d0 + 1) / Math.max(2, Math.floor(height / 28)));
  return Array.from({ length: d1 - d0 + 1 }, (_, i) => d0 + i)
    .filter((e) => (e - d0) % stride === 0)
    .map((e) => 10 ** e);
}

/** Index of the recorded step nearest to `step` (steps ascend within a run). */
export function nearest(steps: RingBuffer, step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps.get(mid) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(steps.get(lo - 1) - step) < Math.abs(steps.get(lo) - step) ? lo - 1 : lo;
}

/** Run `fn` only when `key` differs from the last call's: axes and grids are rebuilt only when their scale
 *  or size changed, not on every frame. */
export function whenChanged(): (key: string, fn: () => void) => void {
  let last: string | null = null;
  return (key, fn) => {
    if (key === last) return;
    last = key;
    fn();
  };
}

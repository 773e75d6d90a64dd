// The four quantities the convergence chart can plot, and where each layer first comes within the
// tolerance. Pure functions over the store's ring buffers, shared by the chart hook and the readout table.

import type { ArState, Mark, Trajectories } from '../../store';
import { sci } from '../format';

export const CONV_METRICS = ['relError', 'sqError', 'oneMinusCos', 'residual'] as const;
export type ConvMetric = (typeof CONV_METRICS)[number];

export interface MetricInfo {
  /** Option text in the selector. */
  label: string;
  /** y-axis title. */
  axis: string;
  /** Lowest value drawn: anything smaller (or ≤ 0) sits on this floor of the log axis. */
  floor: number;
  /** Power of the error in the quantity: squared errors decay as |1 − η|^(2t), norms as |1 − η|^t. */
  power: 1 | 2;
  /** What the tolerance marker means for this quantity (tooltip). */
  rule: (tol: number) => string;
}

export const METRIC_INFO: Record<ConvMetric, MetricInfo> = {
  relError: {
    label: 'Relative error',
    axis: 'Relative error ‖v − g‖² / ‖g‖²',
    floor: 1e-16,
    power: 2,
    rule: (tol) =>
      `First step at which ‖v − g‖² / ‖g‖² ≤ ${sci(tol, 0)} (the tolerance), i.e. v is within ` +
      `√tol ≈ ${sci(Math.sqrt(tol))} of g in relative norm. Uses the true gradient, which no neuron can see.`,
  },
  sqError: {
    label: 'Squared error',
    axis: 'Squared error ‖v − g‖²',
    floor: 1e-20,
    power: 2,
    rule: (tol) =>
      `First step at which ‖v − g‖² ≤ ${sci(tol, 0)} × ‖g‖² for that layer: the relative-error rule, ` +
      `so the markers sit at the same steps; each layer has its own threshold because ‖g‖ differs.`,
  },
  oneMinusCos: {
    label: '1 − cosine',
    axis: '1 − cos(v, g)',
    // float32 resolves cosines to ~6e-8; below that it is rounding.
    floor: 1e-8,
    power: 2,
    rule: (tol) =>
      `First step at which 1 − cos(v, g) ≤ ${sci(tol, 0)}: the direction is right to within ` +
      `≈ ${sci((Math.sqrt(2 * tol) * 180) / Math.PI)}°. Values below 10⁻⁸ are float32 rounding and sit on the floor.`,
  },
  residual: {
    label: 'Residual',
    axis: 'Residual ‖target − v‖',
    floor: 1e-16,
    power: 1,
    rule: (tol) =>
      `First step at which ‖target − v‖ ≤ ${sci(tol, 0)} × ‖g‖: the rule the run stops on (“Converged” once ` +
      `every layer meets it). A neuron can measure its residual locally; it never sees g.`,
  },
};

/** Value of metric m for hidden layer k at ring index i (NaN when not finite). */
export function metricAt(traj: Trajectories, m: ConvMetric, k: number, i: number): number {
  if (m === 'oneMinusCos') return 1 - traj.metrics.cosine[k].get(i);
  return traj.metrics[m][k].get(i);
}

let normCache: { ref: Float32Array[] | null; hidden: readonly number[]; norms: number[] } | null = null;

/** ‖g_l‖ of each hidden layer over the whole batch (cached per reference). */
export function gradientNorms(s: ArState): number[] {
  const ref = s.reference;
  const hidden = s.net?.hidden ?? [];
  if (normCache && normCache.ref === ref && normCache.hidden === hidden) return normCache.norms;
  const norms = hidden.map((index) => {
    const g = ref?.[index];
    if (!g) return NaN;
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
    return Math.sqrt(sum);
  });
  normCache = { ref, hidden, norms };
  return norms;
}

/** Threshold the metric must reach for layer k to count as within tolerance. */
export function threshold(m: ConvMetric, tol: number, gNorm: number): number {
  const g = Number.isFinite(gNorm) && gNorm > 0 ? gNorm : 1;
  if (m === 'sqError') return tol * g * g;
  if (m === 'residual') return tol * g;
  return tol;
}

export interface Hit {
  k: number;
  step: number;
  value: number;
}

export interface Hits {
  hits: Hit[];
  /** Per layer: the step of the crossing it is still below, or null when it is above the threshold now. */
  since: (number | null)[];
}

/** Downward crossings of the threshold: the first per layer in every stretch between option changes
 *  (so toggling, say, random feedback and settling again gets a marker of its own). */
export function toleranceHits(s: ArState, m: ConvMetric): Hits {
  const { traj } = s;
  const tol = s.config.options.tolerance;
  const since: (number | null)[] = Array.from({ length: traj.layers }, () => null);
  if (!(tol > 0)) return { hits: [], since };
  const norms = gradientNorms(s);
  const bounds = [...new Set(s.marks.map((c: Mark) => c.step))].sort((a, b) => a - b);
  const hits: Hit[] = [];
  for (let k = 0; k < traj.layers; k++) {
    const thr = threshold(m, tol, norms[k]);
    let seg = 0;
    let hitInSeg = false;
    let above = true;
    for (let i = 0; i < traj.steps.length; i++) {
      const step = traj.steps.get(i);
      while (seg < bounds.length && step > bounds[seg]) {
        seg++;
        hitInSeg = false;
      }
      const v = metricAt(traj, m, k, i);
      if (!Number.isFinite(v)) continue;
      const below = v <= thr;
      if (below && above && !hitInSeg) {
        hits.push({ k, step, value: v });
        hitInSeg = true;
      }
      if (below && above) since[k] = step;
      if (!below) since[k] = null;
      above = !below;
    }
  }
  return { hits, since };
}

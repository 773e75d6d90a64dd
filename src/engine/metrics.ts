import * as tf from '@tensorflow/tfjs';

/** Per-step, per-hidden-layer metrics of a run; arrays are step-major: value[s * layers + k]. */
export interface StepRecord {
  /** Number of recorded rows. */
  steps: number;
  /** Step number (1-based, counted from the start of the relaxation) of each row. */
  stepIndex: Int32Array;
  layers: number;
  /** ‖v_l − g_l‖² against autodiff g_l = ∂Loss/∂x_l. */
  sqError: Float64Array;
  /** ‖v_l − g_l‖² / ‖g_l‖². */
  relError: Float64Array;
  /** cos(v_l, g_l). */
  cosine: Float64Array;
  /** ‖target_l − v_l‖ of the step: what a neuron can know locally; 0 at equilibrium. */
  residual: Float64Array;
  /** Number of traced units; traceValue[s * traces + j] is unit j's v after step s, traceTarget its local target. */
  traces: number;
  traceValue: Float64Array;
  traceTarget: Float64Array;
}

export interface StopReason {
  kind: 'converged' | 'diverged';
  step: number;
  message: string;
}

/** Decode the read-back (rows of [layers × 4 raw sums, traces × 2]) into the metrics. */
export function decodeRecord(raw: Float32Array, stepIndex: Int32Array, refNormSq: number[], traces = 0): StepRecord {
  const H = refNormSq.length;
  const steps = stepIndex.length;
  const n = steps * H;
  const width = 4 * H + 2 * traces;
  const rec: StepRecord = {
    steps,
    stepIndex,
    layers: H,
    sqError: new Float64Array(n),
    relError: new Float64Array(n),
    cosine: new Float64Array(n),
    residual: new Float64Array(n),
    traces,
    traceValue: new Float64Array(steps * traces),
    traceTarget: new Float64Array(steps * traces),
  };
  for (let s = 0; s < steps; s++) {
    for (let j = 0; j < traces; j++) {
      rec.traceValue[s * traces + j] = raw[s * width + 4 * H + 2 * j];
      rec.traceTarget[s * traces + j] = raw[s * width + 4 * H + 2 * j + 1];
    }
  }
  for (let i = 0; i < n; i++) {
    const gg = refNormSq[i % H];
    const o = Math.floor(i / H) * width + 4 * (i % H);
    const [sq, vg, vv, rr] = [raw[o], raw[o + 1], raw[o + 2], raw[o + 3]];
    rec.sqError[i] = sq;
    // A layer whose exact gradient is 0 has no meaningful relative error; report the squared error.
    rec.relError[i] = gg > 0 ? sq / gg : sq;
    rec.cosine[i] = vv > 0 && gg > 0 ? vg / Math.sqrt(vv * gg) : vv === 0 && gg === 0 ? 1 : 0;
    rec.residual[i] = Math.sqrt(rr);
  }
  return rec;
}

/** Residual growth beyond this factor of the first step's residual counts as divergence. */
export const DIVERGENCE_FACTOR = 1e8;
const HUGE = 1e30;

/** First row of the record where any layer is non-finite or exploding; null if none. */
export function findDivergence(rec: StepRecord, residualScale: number): { index: number; message: string } | null {
  const H = rec.layers;
  for (let s = 0; s < rec.steps; s++) {
    for (let k = 0; k < H; k++) {
      const i = s * H + k;
      const values = [rec.sqError[i], rec.residual[i]];
      if (!values.every(Number.isFinite)) return { index: s, message: `hidden layer ${k + 1} became NaN or infinite` };
      if (rec.sqError[i] > HUGE || rec.residual[i] > DIVERGENCE_FACTOR * residualScale)
        return { index: s, message: `hidden layer ${k + 1} is exploding (residual ${rec.residual[i].toExponential(2)})` };
    }
  }
  return null;
}

/** First recorded step number whose largest residual over layers is ≤ tolerance; null if none. */
export function findConvergence(rec: StepRecord, tolerance: number): number | null {
  const H = rec.layers;
  for (let s = 0; s < rec.steps; s++) {
    let worst = 0;
    for (let k = 0; k < H; k++) worst = Math.max(worst, rec.residual[s * H + k]);
    if (worst <= tolerance) return rec.stepIndex[s];
  }
  return null;
}

/** Angle in radians between two tensors, flattened (Lillicrap-style alignment). Reads back one scalar. */
export function angleBetween(a: tf.Tensor, b: tf.Tensor): number {
  const [dot, na, nb] = tf.tidy(() => tf.stack([tf.sum(tf.mul(a, b)), tf.sum(tf.square(a)), tf.sum(tf.square(b))]).dataSync());
  return angleFromSums(dot, na, nb);
}

export function angleFromSums(dot: number, na: number, nb: number): number {
  if (na === 0 || nb === 0) return na === nb ? 0 : Math.PI / 2;
  return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))));
}

/** Value of a metric series at one hidden layer: record.metric[s * layers + k] for s = 0..steps−1. */
export function layerSeries(rec: StepRecord, metric: 'sqError' | 'relError' | 'cosine' | 'residual', k: number): number[] {
  return Array.from({ length: rec.steps }, (_, s) => rec[metric][s * rec.layers + k]);
}

/** The first `rows` recorded steps of a record. */
export function truncate(rec: StepRecord, rows: number): StepRecord {
  const H = rec.layers;
  const cut = (a: Float64Array) => a.slice(0, rows * H);
  return {
    ...rec,
    steps: rows,
    stepIndex: rec.stepIndex.slice(0, rows),
    sqError: cut(rec.sqError),
    relError: cut(rec.relError),
    cosine: cut(rec.cosine),
    residual: cut(rec.residual),
    traceValue: rec.traceValue.slice(0, rows * rec.traces),
    traceTarget: rec.traceTarget.slice(0, rows * rec.traces),
  };
}

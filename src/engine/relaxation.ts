import * as tf from '@tensorflow/tfjs';
import { tidy } from './tidy';
import { activate, derivative } from './activations';
import { check, EngineError } from './errors';
import { outputError, parentValues, validateBatch, type ForwardPass } from './forward';
import { decodeRecord, findConvergence, findDivergence, truncate, type StepRecord, type StopReason } from './metrics';
import type { Feedback, Network } from './network';
import { linear, vjp } from './ops';
import { autodiffReference, disposeReference, type Reference } from './reference';
import { disposeEtaScaled, scaledWeights, type EtaScaled } from './etaScaled';

export interface RelaxOptions {
  /** Euler step size η; the iteration is stable for 0 < η < 2. */
  eta: number;
  /** parallel: every layer from the previous state (the paper). sequential: top-down sweep (authors' code). */
  schedule: 'parallel' | 'sequential';
  /** Initial v_l: the feedforward values x̄_l (authors) or zeros. Applies at construction and reset. */
  init: 'feedforward' | 'zeros';
  feedback: Feedback;
  /** Multiply by the nonlinear derivative f′; false replaces f′ by 1. */
  fprime: boolean;
  /** true: f′ and Jacobians at the frozen feedforward point; false: recomputed from the relaxing values. */
  frozen: boolean;
  /** Permit η ≥ 2 (divergence is then detected and stops the run). */
  allowUnstable: boolean;
}

export const DEFAULT_RELAX_OPTIONS: RelaxOptions = {
  eta: 0.1,
  schedule: 'parallel',
  init: 'feedforward',
  feedback: 'exact',
  fprime: true,
  frozen: true,
  allowUnstable: false,
};

/** One unit to trace: layer index (topological), batch item, and flat unit index within the item. */
export interface TracePoint {
  layer: number;
  item: number;
  unit: number;
}

export interface RunOptions {
  /** Record per-step metrics (one GPU read-back for the whole run). */
  record?: boolean;
  /** With record: keep every k-th step's metrics (and the last step's), so fast runs are not slowed
   *  by metrics nobody can see. Default 1. */
  recordEvery?: number;
  /** Units whose value v and local target are recorded at every recorded step. */
  trace?: readonly TracePoint[];
  /** Report convergence at the first recorded step whose largest residual ‖target − v‖ is ≤ tolerance. */
  tolerance?: number;
}

export interface RunResult {
  /** Steps actually taken (fewer than asked only on divergence). */
  steps: number;
  record: StepRecord | null;
  stop: StopReason | null;
}

export function validateOptions(o: RelaxOptions): void {
  check(Number.isFinite(o.eta) && o.eta > 0, 'invalid-option', `Step size η must be a positive number, got ${o.eta}.`);
  check(
    o.eta < 2 || o.allowUnstable,
    'invalid-option',
    `Step size η = ${o.eta} is unstable (every mode decays as (1 − η)^t, so η must be below 2); allow unstable η to try it.`,
  );
  check(['parallel', 'sequential'].includes(o.schedule), 'invalid-option', `Unknown schedule "${o.schedule}".`);
  check(['feedforward', 'zeros'].includes(o.init), 'invalid-option', `Unknown initial state "${o.init}".`);
  check(['exact', 'learned', 'random'].includes(o.feedback), 'invalid-option', `Unknown feedback "${o.feedback}".`);
}

/**
 * One relaxation on one batch: the forward pass is run once and frozen, the units v_l relax toward
 * ∂Loss/∂x_l. Options may change between any two steps. Owns its tensors; call dispose().
 */
export class Relaxation {
  readonly net: Network;
  readonly input: tf.Tensor;
  readonly target: tf.Tensor;
  /** Frozen forward pass. */
  readonly a: tf.Tensor[];
  readonly x: tf.Tensor[];
  /** Clamped output error e_L. */
  readonly e: tf.Tensor;
  readonly reference: Reference;
  /** Indices of the relaxing (hidden) layers, in topological order; the last layer is clamped. */
  readonly hidden: number[];
  /** Σ g_l² per hidden layer, for relative errors and cosines. */
  readonly refNormSq: number[];
  private opts: RelaxOptions;
  private v: tf.Tensor[];
  private frozenD: (tf.Tensor | null)[];
  private stepCount = 0;
  private residualScale = 0;
  private disposed = false;
  /** Built on the first recorded step (see metricsRow). */
  private metricConsts: { g: tf.Tensor; members: tf.Tensor } | null = null;
  private traceAt: { trace: readonly TracePoint[]; index: tf.Tensor } | null = null;
  private scaled: EtaScaled | null = null;

  constructor(net: Network, input: tf.Tensor, target: tf.Tensor, options: Partial<RelaxOptions> = {}) {
    this.opts = { ...DEFAULT_RELAX_OPTIONS, ...options };
    validateOptions(this.opts);
    validateBatch(net.graph, input, target);
    this.net = net;
    this.input = tf.keep(input.clone());
    this.target = tf.keep(target.clone());
    const out = net.layerCount - 1;
    this.hidden = Array.from({ length: out }, (_, i) => i);
    // The frozen pass is the one autodiff differentiates (x_l + 0 there: the same values).
    let pass: ForwardPass | null = null;
    this.reference = autodiffReference(net, this.input, this.target, (p) => (pass = p));
    const { a, x } = pass as unknown as ForwardPass;
    const frozen = tidy(() => ({
      D: net.graph.layers.map((l, i) => derivative(l.activation, a[i], x[i])),
      e: outputError(net.graph.loss, x[out], this.target),
    }));
    this.a = a;
    this.x = x;
    this.frozenD = frozen.D;
    this.e = frozen.e;
    this.refNormSq = tf.tidy(() => Array.from(tf.stack(this.hidden.map((i) => tf.sum(tf.square(this.reference.gx[i])))).dataSync()));
    const finite = tf.tidy(() => tf.all(tf.isFinite(tf.stack(this.x.map((t) => tf.sum(t))))).dataSync()[0]);
    if (!finite) {
      this.dispose();
      throw new EngineError('non-finite', 'The forward pass produced NaN or infinite values (check the weights).');
    }
    this.v = this.initialState();
  }

  get options(): Readonly<RelaxOptions> {
    return this.opts;
  }

  get step(): number {
    return this.stepCount;
  }

  /** Change options between steps; takes effect at the next step. Invalid options leave the old ones. */
  setOptions(next: Partial<RelaxOptions>): void {
    const merged = { ...this.opts, ...next };
    validateOptions(merged);
    this.opts = merged;
    // Divergence is judged against the residual seen after the latest change, not the first ever.
    this.residualScale = 0;
  }

  /** Back to step 0 with the same frozen forward pass. */
  reset(): void {
    this.assertAlive();
    tf.dispose(this.v);
    this.v = this.initialState();
    this.stepCount = 0;
    this.residualScale = 0;
  }

  /** Current value of every layer's unit (hidden layers relax; the last is e_L). Not a copy: do not dispose. */
  values(): readonly tf.Tensor[] {
    this.assertAlive();
    return this.v;
  }

  run(steps: number, opts: RunOptions = {}): RunResult {
    this.assertAlive();
    check(Number.isInteger(steps) && steps >= 0, 'invalid-option', `Step count must be a whole number ≥ 0, got ${steps}.`);
    const record = opts.record ?? true;
    const every = opts.recordEvery ?? 1;
    check(Number.isInteger(every) && every >= 1, 'invalid-option', `recordEvery must be a whole number ≥ 1, got ${every}.`);
    const start = this.v.map((t) => tf.keep(t.clone()));
    const startStep = this.stepCount;
    const rows: tf.Tensor[] = [];
    const stepIndex: number[] = [];
    const trace = opts.trace ?? [];
    trace.forEach((p) => this.checkTracePoint(p));
    for (let s = 1; s <= steps; s++) {
      const keep = record && (s === steps || (startStep + s) % every === 0);
      const row = this.advance(keep, trace);
      if (row) {
        rows.push(row);
        stepIndex.push(startStep + s);
      }
    }
    // One read-back for the whole run: the stacked metric rows, or (unrecorded) a finiteness probe.
    const packed = tf.tidy(() => (rows.length ? tf.stack(rows) : tf.stack(this.hidden.map((i) => tf.sum(this.v[i])))));
    const raw = packed.dataSync() as Float32Array;
    tf.dispose([packed, ...rows]);
    let rec = rows.length ? decodeRecord(raw, Int32Array.from(stepIndex), this.refNormSq, trace.length) : null;
    if (rec && this.residualScale === 0) this.residualScale = Math.max(...rec.residual.slice(0, this.hidden.length), 1e-30);
    // Unrecorded runs cannot say which step failed, so they roll back to where they started.
    const div = rec
      ? findDivergence(rec, this.residualScale)
      : raw.every(Number.isFinite)
        ? null
        : { index: 0, message: 'a value became NaN or infinite' };

    if (div) {
      const goodSteps = rec && div.index > 0 ? rec.stepIndex[div.index - 1] - startStep : 0;
      tf.dispose(this.v);
      this.v = start;
      this.stepCount = startStep;
      this.residualScale = 0;
      for (let s = 0; s < goodSteps; s++) this.advance(false);
      rec = rec ? truncate(rec, div.index) : null;
      // The step where the failure was seen; the state is rolled back to the last good recorded step.
      const step = stepIndex[div.index] ?? startStep + steps;
      return { steps: goodSteps, record: rec, stop: { kind: 'diverged', step, message: `Diverged at step ${step}: ${div.message}.` } };
    }
    tf.dispose(start);
    const conv = rec && opts.tolerance !== undefined ? findConvergence(rec, opts.tolerance) : null;
    return { steps, record: rec, stop: conv === null ? null : { kind: 'converged', step: conv, message: `Converged at step ${conv}.` } };
  }

  /** One Euler step. When recording, returns the step's metrics row (kept; see metricsRow). */
  private advance(record: boolean, trace: readonly TracePoint[] = []): tf.Tensor | null {
    const { eta, schedule } = this.opts;
    const next = tidy(() => {
      const v = [...this.v];
      const targets: tf.Tensor[] = [];
      // Parallel: every δ from the state before the step (computed once, on first use).
      // Sequential: top-down, so each layer sees the freshly updated layers above it.
      const cache: tf.Tensor[] = [];
      const delta =
        schedule === 'parallel' ? (c: number) => (cache[c] ??= this.delta(c, this.v)) : (c: number) => this.delta(c, v);
      // Unrecorded steps need no target of their own: v ← (1 − η)v + target(ηB), one kernel fewer per layer.
      const scaled = record ? null : this.etaScaled(eta);
      for (let k = this.hidden.length - 1; k >= 0; k--) {
        const n = this.hidden[k];
        if (scaled) {
          v[n] = tf.add(tf.mul(this.v[n], scaled.keep), this.targetOf(n, v, delta, scaled));
          continue;
        }
        targets[k] = this.targetOf(n, v, delta);
        v[n] = tf.add(this.v[n], tf.mul(eta, tf.sub(targets[k], this.v[n])));
      }
      return { v, row: record ? this.metricsRow(v, targets, trace) : null };
    });
    tf.dispose(this.v.filter((t, i) => t !== next.v[i]));
    this.v = next.v;
    this.stepCount++;
    return next.row;
  }

  /** δ_c = v_c ⊙ D_c, with D from the frozen pass, the relaxing values, or 1. */
  private delta(c: number, v: tf.Tensor[]): tf.Tensor {
    const D = this.derivativeAt(c, v);
    return D ? tf.mul(v[c], D) : v[c];
  }

  private derivativeAt(c: number, v: tf.Tensor[]): tf.Tensor | null {
    if (!this.opts.fprime) return null;
    if (this.opts.frozen) return this.frozenD[c];
    const layer = this.net.graph.layers[c];
    const p = this.net.layer(c);
    const a = linear(layer, parentValues(this.net.graph, c, this.input, v), p.w, p.b);
    return derivative(layer.activation, a, activate(layer.activation, a));
  }

  /** target_n = Σ over children c of VJP_c(δ_c) with respect to n, at the frozen (or relaxing) point; with
   *  `scaled`, η·target_n (a VJP is linear in the weights, so weighted ops multiply by ηB instead). */
  private targetOf(n: number, v: tf.Tensor[], delta: (c: number) => tf.Tensor, scaled?: EtaScaled): tf.Tensor {
    const { graph } = this.net;
    const point = this.opts.frozen ? this.x : v;
    const terms: tf.Tensor[] = [];
    for (const c of graph.children[n]) {
      const layer = graph.layers[c];
      const bw = this.net.backward(c, this.opts.feedback);
      const grads = vjp(layer, delta(c), parentValues(graph, c, this.input, point), scaled && bw ? scaledWeights(scaled, c, bw) : bw);
      layer.parents.forEach((p, j) => p === n && terms.push(scaled && !bw ? tf.mul(grads[j], scaled.eta) : grads[j]));
    }
    return terms.length === 1 ? terms[0] : tf.addN(terms);
  }

  private etaScaled(eta: number): EtaScaled {
    if (this.scaled?.value !== eta) {
      if (this.scaled) disposeEtaScaled(this.scaled);
      this.scaled = { value: eta, keep: tf.keep(tf.scalar(1 - eta)), eta: tf.keep(tf.scalar(eta)), weights: [] };
    }
    return this.scaled;
  }

  /** Flat row: per hidden layer [Σ(v−g)², Σ v·g, Σ v², Σ(target−v_prev)²], then per traced unit
   *  [v, target]. Decoded on the CPU after one read-back for the whole run. All layers are flattened into
   *  one vector, so the four sums of every layer take one matMul with a 0/1 layer-membership matrix and
   *  the traced units one gather: a dozen kernels per recorded step, whatever the depth. */
  private metricsRow(v: tf.Tensor[], targets: tf.Tensor[], trace: readonly TracePoint[]): tf.Tensor {
    const { g, members } = this.metricConstants();
    const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => tf.reshape(t, [-1])));
    const out = this.net.layerCount - 1;
    // Every layer in order; the output comes last, is its own target, and has no membership.
    const vAll = flat(v);
    const tAll = flat([...targets, v[out]]);
    const d = tf.sub(vAll, g);
    const r = tf.sub(tAll, flat(this.v));
    // 4 × units, times units × layers; stacking on axis 0 and transposing the tiny result is far cheaper on
    // wasm than stacking on axis 1.
    const terms = tf.stack([tf.square(d), tf.mul(vAll, g), tf.square(vAll), tf.square(r)]);
    const sums = tf.reshape(tf.transpose(tf.matMul(terms, members)), [-1]);
    if (trace.length === 0) return sums;
    const at = this.traceIndex(trace);
    return tf.concat([sums, tf.reshape(tf.stack([tf.gather(vAll, at), tf.gather(tAll, at)], 1), [-1])]);
  }

  /** g_l of every layer, flattened (0 for the output), and the units × hidden-layers membership matrix. */
  private metricConstants(): { g: tf.Tensor; members: tf.Tensor } {
    if (!this.metricConsts) {
      const sizes = this.x.map((t) => t.size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const H = this.hidden.length;
      const m = new Float32Array(total * H);
      let at = 0;
      sizes.forEach((n, l) => {
        const k = this.hidden.indexOf(l);
        if (k >= 0) for (let i = at; i < at + n; i++) m[i * H + k] = 1;
        at += n;
      });
      const g = this.x.map((t, l) => (this.hidden.includes(l) ? tf.reshape(this.reference.gx[l], [-1]) : tf.zeros([t.size])));
      // Kept: built inside a step's tidy, they live as long as the relaxation.
      this.metricConsts = { g: tf.keep(tf.concat(g)), members: tf.keep(tf.tensor2d(m, [total, H])) };
      tf.dispose(g);
    }
    return this.metricConsts;
  }

  /** Flat positions of the traced units in the all-layers vector (kept while the same list is passed). */
  private traceIndex(trace: readonly TracePoint[]): tf.Tensor {
    if (this.traceAt?.trace !== trace) {
      this.traceAt?.index.dispose();
      const start: number[] = [];
      this.x.reduce((acc, t, l) => ((start[l] = acc), acc + t.size), 0);
      const batch = this.input.shape[0];
      const flatAt = (p: TracePoint) => start[p.layer] + p.item * (this.x[p.layer].size / batch) + p.unit;
      this.traceAt = { trace, index: tf.keep(tf.tensor1d(trace.map(flatAt), 'int32')) };
    }
    return this.traceAt.index;
  }

  private initialState(): tf.Tensor[] {
    const out = this.net.layerCount - 1;
    return this.x.map((x, i) => {
      if (i === out) return tf.keep(this.e.clone());
      return tf.keep(this.opts.init === 'zeros' ? tf.zerosLike(x) : x.clone());
    });
  }

  private checkTracePoint(p: TracePoint): void {
    const layer = this.net.graph.layers[p.layer];
    check(layer !== undefined, 'invalid-option', `Traced layer ${p.layer} does not exist.`);
    const units = layer.outShape.reduce((a, b) => a * b, 1);
    check(Number.isInteger(p.item) && p.item >= 0 && p.item < this.input.shape[0], 'invalid-option', `Traced item ${p.item} is not in the batch.`);
    check(Number.isInteger(p.unit) && p.unit >= 0 && p.unit < units, 'invalid-option', `Layer "${layer.id}" has no unit ${p.unit}.`);
  }

  /** Frozen D_l (null where f′ ≡ 1); exposed for weight updates. */
  frozenDerivative(i: number): tf.Tensor | null {
    return this.frozenD[i];
  }

  /** δ_l = v_l ⊙ D_l for layer i under the current options (kept; caller disposes unless it is v itself). */
  currentDelta(i: number): tf.Tensor {
    this.assertAlive();
    return tf.tidy(() => this.delta(i, this.v));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.input, this.target, this.e, ...this.a, ...this.x, ...(this.v ?? [])]);
    tf.dispose(this.frozenD.filter((t): t is tf.Tensor => t !== null));
    if (this.reference) disposeReference(this.reference);
    if (this.metricConsts) tf.dispose([this.metricConsts.g, this.metricConsts.members]);
    this.traceAt?.index.dispose();
    if (this.scaled) disposeEtaScaled(this.scaled);
  }

  private assertAlive(): void {
    check(!this.disposed, 'disposed', 'This relaxation has been disposed.');
  }
}

// The worker's one engine instance: a network, its frozen batch and the relaxation on it, plus the
// read-backs the run loop needs (reference gradients once, unit values per posted batch).

import * as tf from '@tensorflow/tfjs';
import {
  EngineError,
  arGradients,
  bpGradients,
  disposeGradients,
  Network,
  Relaxation,
  updateAngles,
  type RelaxOptions,
  type StepRecord,
} from '../engine';
import {
  PRESET_INFO,
  type CommandOf,
  type EventBody,
  type FeedbackKind,
  type LiveOptions,
  type NetDescription,
  type TracePoint,
} from '../protocol';
import { buildPreset } from './presets';

export type Config = Omit<CommandOf<'configure'>, 'v' | 'type'>;

/** Where a session's network and batch come from, as the page is told. */
export type Source = Pick<NetDescription, 'preset' | 'data' | 'seed' | 'summary' | 'note'>;

/** The relaxation's share of the live options. */
export function relaxOptions(o: LiveOptions): Partial<RelaxOptions> {
  const { eta, schedule, feedback, fprime, frozen, init, allowUnstable } = o;
  return { eta, schedule, feedback, fprime, frozen, init, allowUnstable };
}

export interface Calibration {
  /** Fixed milliseconds per run() call: the read-back plus the always-recorded last step. */
  msTick: number;
  /** Milliseconds per unrecorded step, and the extra milliseconds per recorded step. */
  msStep: number;
  msRecord: number;
}

export class Session {
  readonly layerIds: string[];
  readonly layerSizes: number[];
  /** ‖g_l‖ per hidden layer: the scale of the convergence tolerance. */
  readonly refNorm: number[];
  private disposed = false;

  private constructor(
    readonly source: Source,
    readonly net: Network,
    readonly relax: Relaxation,
    readonly batchSize: number,
    readonly inputSize: number,
  ) {
    this.layerIds = net.graph.layers.map((l) => l.id);
    this.layerSizes = net.graph.layers.map((l) => l.outShape.reduce((a, b) => a * b, 1));
    this.refNorm = relax.refNormSq.map(Math.sqrt);
  }

  static async create(config: Config, options: LiveOptions, baseUrl: string): Promise<Session> {
    const p = await buildPreset(config.preset, config.data, config.seed, baseUrl);
    const x = tf.tensor(p.x, [p.batchSize, ...p.inputShape]);
    const y = tf.tensor2d(p.y, [p.batchSize, p.classes]);
    const { preset, seed } = config;
    const source = { preset, data: p.data, seed, summary: PRESET_INFO[preset].summary, note: p.note };
    try {
      return Session.adopt(Network.create(p.spec), x, y, source, relaxOptions(options));
    } finally {
      tf.dispose([x, y]);
    }
  }

  /** A session on a given network (which it now owns) and batch, e.g. the training lab's latest batch. */
  static adopt(
    net: Network,
    x: tf.Tensor,
    y: tf.Tensor,
    source: Source,
    options: Partial<RelaxOptions>,
  ): Session {
    try {
      const relax = new Relaxation(net, x, y, options);
      return new Session(source, net, relax, x.shape[0], x.size / x.shape[0]);
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  /** A session on the same batch with another network (e.g. from a snapshot file), which it then owns. The
   *  network must take this batch's inputs and give its number of outputs; else it is disposed and an
   *  'invalid-snapshot' error says why. This session is left as it was either way. */
  withNetwork(net: Network, options: Partial<RelaxOptions>): Session {
    const shape = (a: readonly number[]) => `[${a.join(', ')}]`;
    const inShape = net.graph.inputShape;
    const outputs = net.graph.layers.at(-1)!.outShape.reduce((a, b) => a * b, 1);
    const want = this.net.graph.inputShape;
    const classes = this.layerSizes.at(-1)!;
    if (shape(inShape) !== shape(want) || outputs !== classes) {
      net.dispose();
      throw new EngineError(
        'invalid-snapshot',
        `The file's network takes inputs of shape ${shape(inShape)} with ${outputs} outputs, but the current batch has inputs of shape ${shape(want)} and ${classes} classes: choose a matching network first.`,
      );
    }
    const summary = `Imported network file (${net.graph.layers.map((l) => l.id).join(' → ')}) on the batch of: ${this.source.summary}`;
    return Session.adopt(net, this.relax.input, this.relax.target, { ...this.source, summary }, options);
  }

  get hidden(): number[] {
    return this.relax.hidden;
  }

  /** Everything the page needs about the new experiment, with one read-back for all the arrays. */
  configuredEvent(run: number): EventBody {
    const r = this.relax;
    const L = this.layerSizes.length;
    const layers = Array.from({ length: L }, (_, i) => i);
    const feedback = r.options.feedback;
    const all = readAll([
      ...r.reference.gx,
      ...layers.map((i) => this.denseWeights(i)),
      ...layers.map((i) => this.denseBackward(i, feedback)),
      ...layers.map((i) => r.frozenDerivative(i)),
      ...r.x,
      ...r.values(),
    ]);
    const part = (k: number) => all.slice(k * L, (k + 1) * L);
    const dense = (k: number) => part(k) as Float32Array[];
    return {
      type: 'configured',
      run,
      ...this.source,
      layerIds: this.layerIds,
      layerSizes: this.layerSizes,
      inputSize: this.inputSize,
      inputShape: this.net.graph.inputShape,
      graph: this.net.graph.layers.map((l) => ({
        op: l.spec.op,
        shape: l.outShape,
        parents: l.parents,
        activation: l.activation,
      })),
      hidden: [...r.hidden],
      batchSize: this.batchSize,
      loss: r.reference.loss.dataSync()[0],
      reference: dense(0),
      weights: { w: part(1), backward: part(2), feedback },
      derivative: part(3),
      feedforward: dense(4),
      values: dense(5),
      updateAngles: this.updateAngles(),
    };
  }

  /** The backward weights in force under the relaxation's current feedback option. */
  weightsEvent(run: number): EventBody {
    const feedback = this.relax.options.feedback;
    const backward = readAll(this.layerSizes.map((_, i) => this.denseBackward(i, feedback)));
    return { type: 'weights', run, feedback, backward };
  }

  /** The page draws and explains dense weights only (conv kernels stay in the worker). */
  private denseWeights(i: number): tf.Tensor | null {
    return this.net.graph.layers[i].spec.op === 'dense' ? this.net.layer(i).w : null;
  }

  private denseBackward(i: number, feedback: FeedbackKind): tf.Tensor | null {
    return this.net.graph.layers[i].spec.op === 'dense' ? this.net.backward(i, feedback) : null;
  }

  /** v_l of every layer, with one read-back for all of them. */
  readValues(): Float32Array[] {
    return readAll(this.relax.values()) as Float32Array[];
  }

  /** Radians between AR's weight update (from the current state) and backprop's, per weighted layer. */
  updateAngles(): number[] {
    const ar = arGradients(this.relax);
    try {
      return updateAngles(ar, bpGradients(this.relax));
    } finally {
      disposeGradients(ar);
    }
  }

  /** Every hidden layer's residual ‖target − v‖ at the record's last row is within tolerance × ‖g_l‖
   *  (relative, so one tolerance serves σ = 0.5 and σ = 0.05 alike). A tolerance of 0 never stops. */
  withinTolerance(rec: StepRecord | null, tolerance: number): boolean {
    if (!rec || rec.steps === 0 || tolerance <= 0) return false;
    const last = (rec.steps - 1) * rec.layers;
    return this.refNorm.every((norm, k) => rec.residual[last + k] <= tolerance * (norm > 0 ? norm : 1));
  }

  /** A reason the trace point does not fit this network, or null. */
  checkTrace(p: TracePoint): string | null {
    if (p.layer >= this.layerSizes.length) return `layer ${p.layer} does not exist`;
    if (p.item >= this.batchSize) return `item ${p.item} is not in the batch of ${this.batchSize}`;
    if (p.unit >= this.layerSizes[p.layer]) return `layer ${p.layer} has no unit ${p.unit}`;
    return null;
  }

  defaultTraces(): TracePoint[] {
    return this.relax.hidden.map((layer) => ({ layer, item: 0, unit: 0 }));
  }

  /** Fit the cost of a run(k) call as msTick + k · msStep (+ msRecord per extra recorded step), after a
   *  warm-up that compiles the kernels; then go back to step 0. */
  /** What calibrate() measures depends on: backend, batch, ops and shapes, the switches that change a step's
   *  work, and the traces. Sessions with equal keys (the training lab's successive watched batches) can share
   *  one calibration instead of spending ~300 ms of relaxation steps each time. */
  calibrationKey(trace: readonly TracePoint[]): string {
    const { schedule, frozen, fprime, feedback } = this.relax.options;
    const layers = this.net.graph.layers.map((l) => [l.spec.op, l.outShape, l.parents]);
    return JSON.stringify([
      tf.getBackend(),
      this.batchSize,
      layers,
      schedule,
      frozen,
      fprime,
      feedback,
      trace.length,
    ]);
  }

  calibrate(trace: readonly TracePoint[]): Calibration {
    const r = this.relax;
    const time = (n: number, every: number) => {
      const t0 = performance.now();
      r.run(n, { record: true, recordEvery: every, trace });
      return performance.now() - t0;
    };
    time(2, 1);
    const rough = time(4, 1 << 30) / 4;
    const n = Math.max(4, Math.min(1000, Math.round(20 / Math.max(rough, 1e-3))));
    // Best of three, interleaved: the other core is busy (page, GC), and noise only ever adds time.
    let [once, twice, all] = [Infinity, Infinity, Infinity];
    for (let i = 0; i < 3; i++) {
      once = Math.min(once, time(n, 1 << 30));
      twice = Math.min(twice, time(2 * n, 1 << 30));
      all = Math.min(all, time(2 * n, 1));
    }
    r.reset();
    // Timer noise (or a GC pause in `once`) can make the difference tiny; half the amortised cost of the
    // longer run is a safe floor, so the first tick is never planned with a wildly large k.
    const msStep = Math.max((twice - once) / n, twice / (4 * n), 1e-4);
    return {
      msStep,
      msTick: Math.max(once - n * msStep, 0),
      msRecord: Math.max((all - twice) / (2 * n - 1), 0),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.relax.dispose();
    this.net.dispose();
  }
}

/** Copies of several tensors with one read-back (null stays null): tfjs hands out its own storage, and every
 *  copy gets its own buffer so that it can be transferred on its own. */
export function readAll(tensors: readonly (tf.Tensor | null)[]): (Float32Array | null)[] {
  const present = tensors.filter((t): t is tf.Tensor => t !== null);
  if (present.length === 0) return tensors.map(() => null);
  const flat = tf.tidy(() => tf.concat(present.map((t) => tf.reshape(t, [-1]))));
  const raw = flat.dataSync() as Float32Array;
  flat.dispose();
  let at = 0;
  return tensors.map((t) => {
    if (!t) return null;
    const part = raw.slice(at, at + t.size);
    at += t.size;
    return part;
  });
}

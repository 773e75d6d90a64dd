// Trains several conditions side by side: each has its own network, all start from the same weights and
// see the same batches in the same order. Pure (engine + data, no worker): the reproduce CLI and the
// worker's training lab run this same code, so their accuracies agree by construction.

import * as tf from '@tensorflow/tfjs';
import type { Batch, Dataset } from '../data';
import { epochOrder } from '../data';
import {
  CONDITIONS,
  feedbackAlignment,
  forward,
  lossValue,
  Network,
  packParams,
  unpackParams,
  trainBatch,
  type ConditionName,
  type LayerGrad,
  type NetworkSpec,
  type RelaxOptions,
} from '../engine';

export interface TrainerConfig {
  spec: NetworkSpec;
  conditions: ConditionName[];
  /** SGD learning rate α, batch size, relaxation steps per batch (tolerance > 0 may stop earlier). */
  alpha: number;
  batch: number;
  steps: number;
  tolerance: number;
  relax: Partial<RelaxOptions>;
  epochs: number;
  /** Batch order (the weights come from the spec's own seed). */
  seed: number;
  /** Shape of one input item: [inputSize] for MLPs, [28, 28, 1] for the CNN. */
  itemShape: number[];
}

export interface BatchOutcome {
  /** Batches trained by each condition so far, this one included. */
  batch: number;
  /** Per condition (config order): loss before the update, update angles and B/Wᵀ alignment (radians). */
  loss: number[];
  angles: number[][];
  alignment: number[][];
}

/** Batches trained so far and each condition's parameters (packParams order), config order. */
export interface LabCheckpoint {
  batch: number;
  params: Float32Array[];
}

export interface TestOutcome {
  accuracy: number[];
  /** Mean loss per test item. */
  testLoss: number[];
  /** Each condition's predicted class per test item. */
  predicted: Int32Array[];
}

/** The watched condition's and backprop's gradients on one batch, for the page's update images. */
export type Inspector = (ar: (LayerGrad | null)[], bp: (LayerGrad | null)[]) => void;

export class Trainer {
  readonly nets: Network[];
  readonly batchesPerEpoch: number;
  /** 1-based epoch and 0-based batch within it of the next batch. */
  epoch = 1;
  batchInEpoch = 0;
  trained = 0;
  private order: Int32Array;
  private test: { x: tf.Tensor; y: tf.Tensor } | null = null;

  constructor(
    readonly data: Dataset,
    readonly cfg: TrainerConfig,
  ) {
    if (cfg.batch > data.train.n)
      throw new Error(`The batch of ${cfg.batch} is larger than the ${data.train.n} training items.`);
    this.batchesPerEpoch = Math.floor(data.train.n / cfg.batch);
    this.order = epochOrder(data.train.n, cfg.seed, 0);
    this.nets = [];
    try {
      for (let k = 0; k < cfg.conditions.length; k++) this.nets.push(Network.create(cfg.spec));
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  get total(): number {
    return this.batchesPerEpoch * this.cfg.epochs;
  }

  get done(): boolean {
    return this.epoch > this.cfg.epochs;
  }

  /** The next batch (the same one for every condition); a short last batch is skipped, as in epochBatches. */
  nextBatch(): Batch {
    const start = this.batchInEpoch * this.cfg.batch;
    return this.data.train.batch(this.order.subarray(start, start + this.cfg.batch));
  }

  /** One SGD step of every condition on the next batch. `inspect` sees condition k's gradients. */
  trainNext(measure: boolean, inspect?: { condition: number; fn: Inspector }): BatchOutcome {
    const b = this.nextBatch();
    const { x, y } = this.tensors(b);
    const out: BatchOutcome = { batch: this.trained + 1, loss: [], angles: [], alignment: [] };
    try {
      this.cfg.conditions.forEach((name, k) => {
        const condition = CONDITIONS[name];
        const r = trainBatch(this.nets[k], x, y, condition, {
          alpha: this.cfg.alpha,
          relax: this.cfg.relax,
          steps: this.cfg.steps,
          ...(this.cfg.tolerance > 0 ? { tolerance: this.cfg.tolerance } : {}),
          measureAngle: measure && condition.relax !== null && !condition.continual,
          inspect: inspect?.condition === k ? inspect.fn : undefined,
        });
        if (r.diverged) throw new Error(`${condition.label} diverged at batch ${out.batch}: ${r.diverged}`);
        out.loss.push(r.loss);
        out.angles.push(r.angles);
        out.alignment.push(measure && condition.learnedFeedback ? feedbackAlignment(this.nets[k]) : []);
      });
    } finally {
      tf.dispose([x, y]);
    }
    this.advance();
    return out;
  }

  /** Everything a restarted worker needs to continue exactly here: the batches trained and every network. */
  checkpoint(): LabCheckpoint {
    return { batch: this.trained, params: this.nets.map(packParams) };
  }

  /** Continue a run of the same config from its checkpoint (the batch order is the seed's, so the run goes on
   *  as if never interrupted). Throws, changing nothing, if the checkpoint does not fit. */
  resumeFrom(c: LabCheckpoint): void {
    if (!Number.isInteger(c.batch) || c.batch < 0 || c.batch > this.total)
      throw new Error(`The checkpoint is at batch ${c.batch}, outside this run's ${this.total} batches.`);
    if (c.params.length !== this.nets.length)
      throw new Error(`The checkpoint has ${c.params.length} networks; this run trains ${this.nets.length}.`);
    const restored = this.nets.map((n) => n.clone());
    try {
      restored.forEach((n, k) => unpackParams(n, c.params[k]));
    } catch (err) {
      restored.forEach((n) => n.dispose());
      throw err;
    }
    this.nets.forEach((n) => n.dispose());
    this.nets.splice(0, this.nets.length, ...restored);
    this.trained = c.batch;
    this.epoch = Math.floor(c.batch / this.batchesPerEpoch) + 1;
    this.batchInEpoch = c.batch % this.batchesPerEpoch;
    if (!this.done) this.order = epochOrder(this.data.train.n, this.cfg.seed, this.epoch - 1);
  }

  private advance(): void {
    this.trained++;
    if (++this.batchInEpoch < this.batchesPerEpoch) return;
    this.batchInEpoch = 0;
    this.epoch++;
    if (!this.done) this.order = epochOrder(this.data.train.n, this.cfg.seed, this.epoch - 1);
  }

  tensors(b: Batch): { x: tf.Tensor; y: tf.Tensor } {
    return { x: tf.tensor(b.x, [b.n, ...this.cfg.itemShape]), y: tf.tensor2d(b.y, [b.n, this.data.classes]) };
  }

  /** Accuracy, mean loss and predictions of every condition on the test split, in chunks. */
  evaluate(chunk = 500): TestOutcome {
    const t = this.testTensors();
    const n = this.data.test.n;
    const out: TestOutcome = { accuracy: [], testLoss: [], predicted: [] };
    for (const net of this.nets) {
      const predicted = new Int32Array(n);
      let loss = 0;
      for (let s = 0; s < n; s += chunk) {
        const size = Math.min(chunk, n - s);
        const [p, l] = tf.tidy(() => {
          const xb = tf.slice(t.x, s, size);
          const o = forward(net, xb).x[net.layerCount - 1];
          return [tf.argMax(o, 1), lossValue(net.graph.loss, o, tf.slice(t.y, s, size))];
        });
        predicted.set(p.dataSync() as Int32Array, s);
        loss += l.dataSync()[0];
        tf.dispose([p, l]);
      }
      let hits = 0;
      for (let i = 0; i < n; i++) if (predicted[i] === this.data.test.labels[i]) hits++;
      out.accuracy.push(hits / n);
      out.testLoss.push(loss / n);
      out.predicted.push(predicted);
    }
    return out;
  }

  /** Each condition's predicted class for the given items (rows of `x`). */
  predict(x: Float32Array, n: number): Int32Array[] {
    return tf.tidy(() => {
      const input = tf.tensor(x, [n, ...this.cfg.itemShape]);
      return this.nets.map(
        (net) => tf.argMax(forward(net, input).x[net.layerCount - 1], 1).dataSync() as Int32Array,
      );
    });
  }

  /** 2-D inputs only: the class-1 share softmax(out)[1] of every condition on a grid × grid lattice over
   *  [−extent, extent]², row 0 at the top (y = +extent). */
  boundary(grid: number, extent: number): Float32Array[] {
    const pts = new Float32Array(grid * grid * 2);
    const at = (i: number) => -extent + ((i + 0.5) * 2 * extent) / grid;
    for (let r = 0; r < grid; r++)
      for (let c = 0; c < grid; c++) {
        pts[2 * (r * grid + c)] = at(c);
        pts[2 * (r * grid + c) + 1] = -at(r);
      }
    return tf.tidy(() => {
      const input = tf.tensor2d(pts, [grid * grid, 2]);
      return this.nets.map((net) => {
        const o = forward(net, input).x[net.layerCount - 1];
        return tf.slice(tf.softmax(o), [0, 1], [-1, 1]).dataSync() as Float32Array;
      });
    });
  }

  private testTensors(): { x: tf.Tensor; y: tf.Tensor } {
    if (!this.test) {
      const t = this.data.test;
      this.test = this.tensors(t.batch(Int32Array.from({ length: t.n }, (_, i) => i)));
    }
    return this.test;
  }

  dispose(): void {
    this.nets.forEach((n) => n.dispose());
    this.nets.length = 0;
    if (this.test) tf.dispose([this.test.x, this.test.y]);
    this.test = null;
  }
}

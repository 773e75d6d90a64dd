// One small interface over every data source (toy 2-D sets and image sets alike), so the worker's run
// loop never needs to know where a batch came from. Plain typed arrays only: no tfjs, no DOM.

import { derivedRandom } from '../engine/random';

/** A batch ready to be turned into tensors: x is n × inputSize, y is one-hot n × classes, row-major. */
export interface Batch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly labels: Uint8Array;
  readonly n: number;
}

/** Examples of one split (train or test), row-major. */
export interface Split {
  readonly x: Float32Array;
  readonly labels: Uint8Array;
  readonly n: number;
  readonly inputSize: number;
  readonly classes: number;
  /** Gathers the listed examples (in that order) into a fresh batch. */
  batch(indices: ArrayLike<number>): Batch;
}

export interface Dataset {
  readonly name: string;
  readonly kind: 'toy' | 'image';
  readonly inputSize: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  /** Set for image datasets, so views can draw an input as a picture. */
  readonly image?: { readonly width: number; readonly height: number };
  readonly train: Split;
  readonly test: Split;
}

/** Wraps typed arrays as a Split, checking that the shapes agree. */
export function makeSplit(x: Float32Array, labels: Uint8Array, inputSize: number, classes: number): Split {
  const n = labels.length;
  if (x.length !== n * inputSize) {
    throw new Error(`split: x has ${x.length} values, expected ${n} × ${inputSize}`);
  }
  for (let i = 0; i < n; i++) {
    if (labels[i] >= classes) throw new Error(`split: label ${labels[i]} at ${i} ≥ ${classes} classes`);
  }
  return {
    x,
    labels,
    n,
    inputSize,
    classes,
    batch: (indices) => gatherBatch(x, labels, inputSize, classes, indices),
  };
}

function gatherBatch(
  x: Float32Array,
  labels: Uint8Array,
  inputSize: number,
  classes: number,
  indices: ArrayLike<number>,
): Batch {
  const n = indices.length;
  const bx = new Float32Array(n * inputSize);
  const by = new Float32Array(n * classes);
  const bl = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const i = indices[r];
    if (!(i >= 0 && i < labels.length) || !Number.isInteger(i)) {
      throw new Error(`batch: index ${i} out of range [0, ${labels.length})`);
    }
    bx.set(x.subarray(i * inputSize, (i + 1) * inputSize), r * inputSize);
    bl[r] = labels[i];
    by[r * classes + labels[i]] = 1;
  }
  return { x: bx, y: by, labels: bl, n };
}

/** The example order of one epoch: a permutation of 0..n-1 drawn from (seed, epoch) alone, so any epoch
 *  can be reproduced without replaying the ones before it. */
export function epochOrder(n: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  derivedRandom(seed, `data:epoch:${epoch}`).shuffle(order);
  return order;
}

/** Index lists of one epoch's batches. With dropLast (default) a short final batch is skipped, so every
 *  batch has the same shape (tfjs kernels are compiled per shape). */
export function* epochBatches(
  n: number,
  batchSize: number,
  seed: number,
  epoch: number,
  dropLast = true,
): Generator<Int32Array> {
  const size = Math.max(1, Math.min(Math.floor(batchSize), n));
  const order = epochOrder(n, seed, epoch);
  for (let start = 0; start < n; start += size) {
    if (dropLast && start + size > n) break;
    yield order.subarray(start, Math.min(start + size, n));
  }
}

/** An endless stream of training batches, epoch after epoch; the run loop calls next() once per step. */
export class BatchSampler {
  epoch = 0;
  /** Batch index within the current epoch. */
  step = 0;
  private iter: Generator<Int32Array>;

  constructor(
    readonly split: Split,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    if (split.n === 0) throw new Error('BatchSampler: the split is empty');
    this.iter = epochBatches(split.n, batchSize, seed, 0);
  }

  nextIndices(): Int32Array {
    let r = this.iter.next();
    if (r.done) {
      this.epoch++;
      this.step = 0;
      this.iter = epochBatches(this.split.n, this.batchSize, this.seed, this.epoch);
      r = this.iter.next();
    }
    this.step++;
    return r.value as Int32Array;
  }

  next(): Batch {
    return this.split.batch(this.nextIndices());
  }
}

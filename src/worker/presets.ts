// The experiments the page can ask for by name: a network spec plus one seeded batch. Everything is
// derived from the seed, so a restarted worker (crash recovery) rebuilds exactly the same experiment.

import { derivedRandom, mlpSpec, type NetworkSpec } from '../engine';
import { BatchSampler, loadImageDataset, type Dataset } from '../data';
import type { DataSource, PresetId } from '../protocol';

export interface PresetBatch {
  spec: NetworkSpec;
  /** batchSize × inputSize and batchSize × classes, row-major. */
  x: Float32Array;
  y: Float32Array;
  batchSize: number;
  inputSize: number;
  classes: number;
  data: DataSource;
  /** Set when the data differ from what was asked. */
  note: string;
}

const SHAPES: Record<PresetId, { sizes: number[]; hidden: 'tanh' | 'relu'; sigma: number; batch: number }> = {
  // σ = 0.5 so that the small net's gradients are large enough to see.
  small: { sizes: [4, 8, 8, 8, 3], hidden: 'tanh', sigma: 0.5, batch: 16 },
  // The paper's MNIST network and initialisation.
  mnist: { sizes: [784, 300, 300, 100, 10], hidden: 'relu', sigma: 0.05, batch: 64 },
};

let mnist: Promise<Dataset> | null = null;

export async function buildPreset(
  preset: PresetId,
  data: DataSource,
  seed: number,
  baseUrl: string,
): Promise<PresetBatch> {
  const shape = SHAPES[preset];
  const spec = mlpSpec(shape.sizes, {
    hidden: shape.hidden,
    output: 'linear',
    loss: 'sse',
    init: { sigma: shape.sigma, seed },
  });
  const inputSize = shape.sizes[0];
  const classes = shape.sizes[shape.sizes.length - 1];
  const base = { spec, batchSize: shape.batch, inputSize, classes };
  if (data === 'mnist') {
    if (inputSize !== 784 || classes !== 10)
      throw new Error(`The ${preset} network does not take MNIST digits (input ${inputSize}).`);
    try {
      mnist ??= loadImageDataset('mnist', { baseUrl });
      const batch = new BatchSampler((await mnist).train, shape.batch, seed).next();
      return { ...base, x: batch.x, y: batch.y, data, note: '' };
    } catch (err) {
      mnist = null;
      const why = err instanceof Error ? err.message : String(err);
      return {
        ...base,
        ...randomBatch(seed, shape.batch, inputSize, classes),
        data: 'random',
        note: `MNIST unavailable (${why}); using random inputs.`,
      };
    }
  }
  return { ...base, ...randomBatch(seed, shape.batch, inputSize, classes), data, note: '' };
}

/** Inputs N(0, 1) and uniformly drawn one-hot targets, each from its own seeded stream. */
export function randomBatch(
  seed: number,
  n: number,
  inputSize: number,
  classes: number,
): { x: Float32Array; y: Float32Array } {
  const x = derivedRandom(seed, 'preset:inputs').normalArray(n * inputSize, 1);
  const labels = derivedRandom(seed, 'preset:targets');
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) y[i * classes + labels.int(classes)] = 1;
  return { x, y };
}

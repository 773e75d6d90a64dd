// The experiments the page can ask for by name: a network spec plus one seeded batch. Everything is
// derived from the seed, so a restarted worker (crash recovery) rebuilds exactly the same experiment.

import { derivedRandom, followUpCnn, mlpSpec, type GraphSpec, type NetworkSpec } from '../engine';
import { BatchSampler, loadImageDataset, makeToyDataset, type Dataset } from '../data';
import type { DataSource, PresetId } from '../protocol';

export interface PresetBatch {
  spec: NetworkSpec;
  /** batchSize × inputShape and batchSize × classes, row-major. */
  x: Float32Array;
  y: Float32Array;
  batchSize: number;
  inputShape: number[];
  classes: number;
  data: DataSource;
  /** Set when the data differ from what was asked. */
  note: string;
}

/** A small residual MLP: the add node gives the first hidden layer two children whose VJPs sum. */
function residualSpec(seed: number): GraphSpec {
  return {
    kind: 'graph',
    input: [2],
    layers: [
      { op: 'dense', id: 'h1', units: 12, activation: 'tanh' },
      { op: 'dense', id: 'h2', units: 12, activation: 'tanh' },
      { op: 'add', id: 'skip', inputs: ['h1', 'h2'] },
      { op: 'dense', id: 'h3', units: 12, activation: 'tanh' },
      { op: 'dense', id: 'out', units: 2, activation: 'linear' },
    ],
    bias: true,
    loss: 'sse',
    init: { sigma: 0.5, seed },
  };
}

const mlp = (sizes: number[], hidden: 'tanh' | 'relu', sigma: number, seed: number) =>
  mlpSpec(sizes, { hidden, output: 'linear', loss: 'sse', init: { sigma, seed } });

const PRESETS: Record<
  PresetId,
  { spec: (seed: number) => NetworkSpec; input: number[]; classes: number; batch: number }
> = {
  // σ = 0.5 so that the small net's gradients are large enough to see.
  small: { spec: (s) => mlp([4, 8, 8, 8, 3], 'tanh', 0.5, s), input: [4], classes: 3, batch: 16 },
  // The paper's MNIST network and initialisation.
  mnist: {
    spec: (s) => mlp([784, 300, 300, 100, 10], 'relu', 0.05, s),
    input: [784],
    classes: 10,
    batch: 64,
  },
  // The paper's Fig. 1 / Fig. 2 network (the reproduce CLI's `convergence` experiment).
  fig1: {
    spec: (s) => mlp([784, 300, 100, 100, 10], 'tanh', 0.05, s),
    input: [784],
    classes: 10,
    batch: 64,
  },
  // σ = 0.1 keeps the ReLU units alive through two convolutions; batch 8 keeps it watchable on wasm.
  cnn: { spec: (s) => followUpCnn(s, { sigma: 0.1 }), input: [28, 28, 1], classes: 10, batch: 8 },
  residual: { spec: residualSpec, input: [2], classes: 2, batch: 16 },
};

let mnist: Promise<Dataset> | null = null;

export async function buildPreset(
  preset: PresetId,
  data: DataSource,
  seed: number,
  baseUrl: string,
): Promise<PresetBatch> {
  const p = PRESETS[preset];
  const inputSize = p.input.reduce((a, b) => a * b, 1);
  const base = { spec: p.spec(seed), batchSize: p.batch, inputShape: p.input, classes: p.classes };
  const random = (note: string) => ({
    ...base,
    ...randomBatch(seed, p.batch, inputSize, p.classes),
    data: 'random' as const,
    note,
  });
  if (data === 'mnist') {
    if (inputSize !== 784 || p.classes !== 10)
      throw new Error(`The ${preset} network does not take MNIST digits (input ${inputSize}).`);
    try {
      mnist ??= loadImageDataset('mnist', { baseUrl });
      const batch = new BatchSampler((await mnist).train, p.batch, seed).next();
      return { ...base, x: batch.x, y: batch.y, data, note: '' };
    } catch (err) {
      mnist = null;
      return random(
        `MNIST unavailable (${err instanceof Error ? err.message : String(err)}); using random inputs.`,
      );
    }
  }
  if (data === 'spiral') {
    if (inputSize !== 2 || p.classes !== 2)
      throw new Error(`The ${preset} network does not take 2-D points (input ${inputSize}).`);
    const batch = new BatchSampler(makeToyDataset('spiral', { n: 200, seed }).train, p.batch, seed).next();
    return { ...base, x: batch.x, y: batch.y, data, note: '' };
  }
  return random('');
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

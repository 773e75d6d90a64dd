// Shared set-up for the reproduction experiments: backend, data, and tensors from data batches.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Batch, Dataset } from '../../src/data';
import { loadImageDatasetFromDisk } from '../../src/data/node-loader';

export const BACKENDS = ['wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export async function startBackend(name: Backend): Promise<string> {
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend could not be started.`);
  await tf.ready();
  return tf.getBackend();
}

/** The mnist package's 10,000 digits with the paper's seeded 8,000 / 2,000 split. */
export function loadDigits(splitSeed = 0): Promise<Dataset> {
  return loadImageDatasetFromDisk('mnist', { nTrain: 8000, nTest: 2000, splitSeed });
}

/** A batch as tensors: flat rows for MLPs, 28×28×1 images for the CNN. */
export function batchTensors(b: Batch, inputSize: number, classes: number, net: 'mlp' | 'cnn' = 'mlp'): { x: tf.Tensor; y: tf.Tensor2D } {
  const shape = net === 'cnn' ? [b.n, 28, 28, 1] : [b.n, inputSize];
  return { x: tf.tensor(b.x, shape), y: tf.tensor2d(b.y, [b.n, classes]) };
}

/** Progress goes to stderr so that stdout stays clean JSON. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

// Seeded 2-D toy classification sets after TensorFlow Playground's (src/dataset.ts there): same shapes and
// noise scales, drawn in Playground's [-6, 6] box and scaled by 1/6 into roughly [-1, 1]. One difference:
// a point keeps the class it was drawn for (Playground relabels XOR and circles from the noisy position),
// so noise makes the classes genuinely overlap and the classes stay balanced.

import { derivedRandom, type Random } from '../engine/random';
import { makeSplit, type Dataset } from './types';

export const TOY_KINDS = ['spiral', 'xor', 'circles', 'gaussians'] as const;
export type ToyKind = (typeof TOY_KINDS)[number];

export interface ToyOptions {
  /** Total number of points (train + test), split evenly between the two classes. Default 500. */
  n?: number;
  /** 0 = clean; 0.5 is Playground's maximum ("50 %"). Default 0.1. */
  noise?: number;
  /** Default 0. */
  seed?: number;
  /** Fraction of the points held out as the test split. Default 0.5, as in Playground. */
  testFraction?: number;
}

const SCALE = 1 / 6;

type Point = [x: number, y: number];
/** Draws the i-th of `count` points of class `label`, before scaling. */
type Sampler = (rng: Random, label: 0 | 1, i: number, count: number, noise: number) => Point;

const uniform = (rng: Random, a: number, b: number): number => a + (b - a) * rng.next();

const samplers: Record<ToyKind, Sampler> = {
  // Two interleaved arms; the second is the first rotated by π.
  spiral: (rng, label, i, count, noise) => {
    const r = (i / count) * 5;
    const t = ((1.75 * i) / count) * 2 * Math.PI + label * Math.PI;
    return [r * Math.sin(t) + uniform(rng, -1, 1) * noise, r * Math.cos(t) + uniform(rng, -1, 1) * noise];
  },
  // Quadrants: class 1 where x·y > 0. A margin keeps clean points off the axes.
  xor: (rng, label, _i, _count, noise) => {
    const pad = 0.3;
    const sx = rng.next() < 0.5 ? -1 : 1;
    const sy = label === 1 ? sx : -sx;
    const x = sx * uniform(rng, pad, 5);
    const y = sy * uniform(rng, pad, 5);
    return [x + uniform(rng, -5, 5) * noise, y + uniform(rng, -5, 5) * noise];
  },
  // Class 1 inside radius 2.5, class 0 on a ring from 3.5 to 5.
  circles: (rng, label, _i, _count, noise) => {
    const radius = 5;
    const r = label === 1 ? uniform(rng, 0, radius * 0.5) : uniform(rng, radius * 0.7, radius);
    const angle = uniform(rng, 0, 2 * Math.PI);
    return [
      r * Math.sin(angle) + uniform(rng, -radius, radius) * noise,
      r * Math.cos(angle) + uniform(rng, -radius, radius) * noise,
    ];
  },
  // Two blobs at ±(2, 2); the variance grows with noise from 0.5 to 4 as in Playground.
  gaussians: (rng, label, _i, _count, noise) => {
    const variance = 0.5 + (3.5 * Math.min(noise, 0.5)) / 0.5;
    const sd = Math.sqrt(variance);
    const c = label === 1 ? 2 : -2;
    return [c + sd * rng.normal(), c + sd * rng.normal()];
  },
};

/** Generates a toy dataset; the same kind and options always give the same points. */
export function makeToyDataset(kind: ToyKind, options: ToyOptions = {}): Dataset {
  const { n = 500, noise = 0.1, seed = 0, testFraction = 0.5 } = options;
  if (!Number.isInteger(n) || n < 4) throw new Error(`toy ${kind}: n must be an integer ≥ 4, got ${n}`);
  if (!(noise >= 0)) throw new Error(`toy ${kind}: noise must be ≥ 0, got ${noise}`);
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new Error(`toy ${kind}: testFraction must be in [0, 1), got ${testFraction}`);
  }
  const sample = samplers[kind];
  if (!sample) throw new Error(`toy: unknown kind "${String(kind)}"`);

  // Separate streams for drawing and shuffling, so changing one never shifts the other.
  const rng = derivedRandom(seed, `toy:${kind}`);
  const xs = new Float32Array(n * 2);
  const labels = new Uint8Array(n);
  const perClass = [Math.ceil(n / 2), Math.floor(n / 2)];
  let k = 0;
  for (const label of [0, 1] as const) {
    for (let i = 0; i < perClass[label]; i++, k++) {
      const [x, y] = sample(rng, label, i, perClass[label], noise);
      xs[2 * k] = x * SCALE;
      xs[2 * k + 1] = y * SCALE;
      labels[k] = label;
    }
  }

  // Shuffle, then cut: the test split is a random sample, not the tail of one class.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  derivedRandom(seed, `toy:${kind}:order`).shuffle(order);
  const nTest = Math.min(n - 2, Math.round(n * testFraction));
  const take = (from: number, to: number) => {
    const x = new Float32Array((to - from) * 2);
    const l = new Uint8Array(to - from);
    for (let r = from; r < to; r++) {
      const i = order[r];
      x[2 * (r - from)] = xs[2 * i];
      x[2 * (r - from) + 1] = xs[2 * i + 1];
      l[r - from] = labels[i];
    }
    return makeSplit(x, l, 2, 2);
  };
  return {
    name: kind,
    kind: 'toy',
    inputSize: 2,
    classes: 2,
    classNames: ['class 0', 'class 1'],
    train: take(0, n - nTest),
    test: take(n - nTest, n),
  };
}

// From the page's LabConfig to what the Trainer needs: the dataset, the network spec and the options.
// Pure (engine + data + protocol constants); the worker and the tests use it.

import { loadImageDataset, makeToyDataset, type Dataset, type LoadProgress } from '../data';
import { CONDITIONS, followUpCnn, mlpSpec, type NetworkSpec } from '../engine';
import { isToy, type LabCondition, type LabConfig, type LabDataInfo } from '../protocol';
import type { TrainerConfig } from './trainer';

/** The image sets keep their seeded split apart from the run seed (as the reproduce CLI does). */
export const SPLIT_SEED = 0;

/** Loaded image sets by name and split, so starting the same experiment again does not fetch again. */
const cache = new Map<string, Promise<Dataset>>();

export function loadLabData(
  cfg: LabConfig,
  baseUrl: string,
  onProgress?: (p: LoadProgress) => void,
): Promise<Dataset> {
  if (isToy(cfg.dataset))
    return Promise.resolve(
      makeToyDataset(cfg.dataset, {
        n: cfg.toyPoints,
        noise: cfg.toyNoise,
        seed: cfg.seed,
        testFraction: 0.5,
      }),
    );
  const key = `${cfg.dataset}:${cfg.trainSize}:${cfg.testSize}`;
  let p = cache.get(key);
  if (!p) {
    p = loadImageDataset(cfg.dataset, {
      baseUrl,
      nTrain: cfg.trainSize,
      nTest: cfg.testSize,
      splitSeed: SPLIT_SEED,
      onProgress,
    });
    cache.set(key, p);
    // A failed load is not remembered: the user may generate the files and try again.
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** input → hidden… → classes, linear output, summed squared error, W ~ N(0, σ²) from the seed. The
 *  paper preset gives exactly the reproduce CLI's trainingMlp(seed). */
export function labSpec(cfg: LabConfig, data: Dataset): NetworkSpec {
  if (cfg.arch === 'cnn') return followUpCnn(cfg.seed, { hidden: cfg.activation, sigma: cfg.sigma });
  return mlpSpec([data.inputSize, ...cfg.hidden, data.classes], {
    hidden: cfg.activation,
    output: 'linear',
    loss: 'sse',
    init: { sigma: cfg.sigma, seed: cfg.seed },
  });
}

export function trainerConfig(cfg: LabConfig, data: Dataset): TrainerConfig {
  return {
    spec: labSpec(cfg, data),
    conditions: cfg.conditions,
    alpha: cfg.alpha,
    batch: cfg.batch,
    steps: cfg.steps,
    tolerance: cfg.tolerance,
    relax: { eta: cfg.eta, schedule: cfg.schedule },
    epochs: cfg.epochs,
    seed: cfg.seed,
    itemShape: cfg.arch === 'cnn' && data.image ? [data.image.height, data.image.width, 1] : [data.inputSize],
  };
}

/** The condition the relaxation panels follow: the asked one if it relaxes batch by batch, else the first
 *  that does; -1 when none does (backprop and continual updates have no per-batch equilibrium). */
export function watchedIndex(cfg: LabConfig): number {
  const relaxes = (c: LabCondition) => CONDITIONS[c].relax !== null && !CONDITIONS[c].continual;
  const asked = cfg.conditions.indexOf(cfg.watch);
  if (asked >= 0 && relaxes(cfg.watch)) return asked;
  return cfg.conditions.findIndex(relaxes);
}

export function dataInfo(data: Dataset, batch: number): LabDataInfo {
  const toy = data.kind === 'toy';
  const { train, test } = data;
  let points: Float32Array | null = null;
  let labels: Uint8Array | null = null;
  let isTest: Uint8Array | null = null;
  if (toy) {
    points = new Float32Array(train.n * 2 + test.n * 2);
    points.set(train.x);
    points.set(test.x, train.n * 2);
    labels = new Uint8Array(train.n + test.n);
    labels.set(train.labels);
    labels.set(test.labels, train.n);
    isTest = new Uint8Array(train.n + test.n).fill(1, train.n);
  }
  return {
    kind: data.kind,
    inputSize: data.inputSize,
    classes: data.classes,
    classNames: [...data.classNames],
    trainN: train.n,
    testN: test.n,
    batchesPerEpoch: Math.floor(train.n / batch),
    image: data.image ? { width: data.image.width, height: data.image.height } : null,
    points,
    labels,
    isTest,
  };
}

/** Pixels in [0, 1] as bytes (a quarter of the size to post). */
export function toBytes(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, x[i])) * 255);
  return out;
}

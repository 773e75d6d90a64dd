// Paper Fig. 3/4: train with backprop and the AR variants from the same initial weights and batch order.
import * as tf from '@tensorflow/tfjs';
import { epochBatches, type Dataset } from '../../src/data';
import { CONDITIONS, Network, evaluate, trainBatch, type ConditionName, type NetworkSpec, type RelaxOptions } from '../../src/engine';
import { batchTensors, loadDigits, progress } from './common';

export interface TrainingConfig {
  net: 'mlp' | 'cnn';
  /** The network for a seed (same initial weights for every condition of that seed). */
  spec: (seed: number) => NetworkSpec;
  batch: number;
  alpha: number;
  steps: number;
  epochs: number;
  seeds: number[];
  conditions: ConditionName[];
  relax: Partial<RelaxOptions>;
}

export const PAPER_TRAINING = {
  batch: 64,
  alpha: 5e-4,
  steps: 100,
};

export interface EpochResult {
  epoch: number;
  testAccuracy: number;
  /** Mean summed-squared-error loss per training batch over the epoch (before each update). */
  trainLoss: number | null;
  /** Mean over batches and layers of the angle between AR's and backprop's weight updates (degrees). */
  angleDeg: number | null;
  anglePerLayerDeg: number[] | null;
}

export async function training(cfg: TrainingConfig) {
  const data = await loadDigits();
  const test = batchTensors(data.test.batch(Int32Array.from({ length: data.test.n }, (_, i) => i)), data.inputSize, data.classes, cfg.net);
  const results: { condition: ConditionName; label: string; seed: number; seconds: number; epochs: EpochResult[] }[] = [];
  try {
    for (const seed of cfg.seeds) {
      const spec = cfg.spec(seed);
      for (const name of cfg.conditions) {
        const net = Network.create(spec);
        const started = performance.now();
        const epochs: EpochResult[] = [{ epoch: 0, testAccuracy: evaluate(net, test.x, test.y, 500).accuracy, trainLoss: null, angleDeg: null, anglePerLayerDeg: null }];
        for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
          epochs.push(trainEpoch(net, data, cfg, name, seed, epoch));
          epochs[epoch].testAccuracy = evaluate(net, test.x, test.y, 500).accuracy;
          const e = epochs[epoch];
          const secs = (performance.now() - started) / 1000;
          progress(
            `seed ${seed} ${name.padEnd(22)} epoch ${epoch}/${cfg.epochs}: test ${(100 * e.testAccuracy).toFixed(2)} %` +
              (e.angleDeg === null ? '' : `, angle ${e.angleDeg.toFixed(2)}°`) +
              ` (${secs.toFixed(1)} s)`,
          );
        }
        results.push({ condition: name, label: CONDITIONS[name].label, seed, seconds: (performance.now() - started) / 1000, epochs });
        net.dispose();
      }
    }
  } finally {
    tf.dispose([test.x, test.y]);
  }
  return results;
}

function trainEpoch(net: Network, data: Dataset, cfg: TrainingConfig, name: ConditionName, seed: number, epoch: number): EpochResult {
  const condition = CONDITIONS[name];
  let loss = 0;
  let batches = 0;
  const angleSums: number[] = [];
  let angleBatches = 0;
  // The batch order depends only on (seed, epoch): every condition sees the same batches.
  for (const indices of epochBatches(data.train.n, cfg.batch, seed, epoch - 1)) {
    const { x, y } = batchTensors(data.train.batch(indices), data.inputSize, data.classes, cfg.net);
    const r = trainBatch(net, x, y, condition, { alpha: cfg.alpha, relax: cfg.relax, steps: cfg.steps, measureAngle: condition.relax !== null });
    tf.dispose([x, y]);
    if (r.diverged) throw new Error(`${name}, epoch ${epoch}: ${r.diverged}`);
    loss += r.loss;
    batches++;
    if (r.angles.length) {
      r.angles.forEach((a, i) => (angleSums[i] = (angleSums[i] ?? 0) + (a * 180) / Math.PI));
      angleBatches++;
    }
  }
  const perLayer = angleBatches ? angleSums.map((s) => s / angleBatches) : null;
  return {
    epoch,
    testAccuracy: 0,
    trainLoss: loss / batches,
    angleDeg: perLayer ? perLayer.reduce((a, b) => a + b, 0) / perLayer.length : null,
    anglePerLayerDeg: perLayer,
  };
}

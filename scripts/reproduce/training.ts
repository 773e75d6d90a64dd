// Paper Fig. 3/4: train with backprop and the AR variants from the same initial weights and batch order.
import { CONDITIONS, type ConditionName, type NetworkSpec, type RelaxOptions } from '../../src/engine';
import { Trainer } from '../../src/lab/trainer';
import { loadDigits, progress } from './common';

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
  /** Learned backward weights: mean over batches and layers of the angle between B_l and W_lᵀ (degrees). */
  alignmentDeg: number | null;
}

export async function training(cfg: TrainingConfig) {
  const data = await loadDigits();
  const results: { condition: ConditionName; label: string; seed: number; seconds: number; epochs: EpochResult[] }[] = [];
  const itemShape = cfg.net === 'cnn' ? [28, 28, 1] : [data.inputSize];
  for (const seed of cfg.seeds) {
    for (const name of cfg.conditions) {
      // The same Trainer the browser's training lab runs, here with one condition at a time.
      const trainer = new Trainer(data, { spec: cfg.spec(seed), conditions: [name], alpha: cfg.alpha, batch: cfg.batch, steps: cfg.steps, tolerance: 0, relax: cfg.relax, epochs: cfg.epochs, seed, itemShape });
      try {
        const started = performance.now();
        const epochs: EpochResult[] = [{ epoch: 0, testAccuracy: trainer.evaluate().accuracy[0], trainLoss: null, angleDeg: null, anglePerLayerDeg: null, alignmentDeg: null }];
        for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
          const e = trainEpoch(trainer);
          e.testAccuracy = trainer.evaluate().accuracy[0];
          epochs.push(e);
          const secs = (performance.now() - started) / 1000;
          progress(
            `seed ${seed} ${name.padEnd(22)} epoch ${epoch}/${cfg.epochs}: test ${(100 * e.testAccuracy).toFixed(2)} %` +
              (e.angleDeg === null ? '' : `, angle ${e.angleDeg.toFixed(2)}°`) +
              ` (${secs.toFixed(1)} s)`,
          );
        }
        results.push({ condition: name, label: CONDITIONS[name].label, seed, seconds: (performance.now() - started) / 1000, epochs });
      } finally {
        trainer.dispose();
      }
    }
  }
  return results;
}

/** One epoch of a one-condition trainer: mean batch loss and mean angles (degrees) over its batches. */
function trainEpoch(trainer: Trainer): EpochResult {
  const epoch = trainer.epoch;
  let loss = 0;
  const angleSums: number[] = [];
  const alignSums: number[] = [];
  let angleBatches = 0;
  let alignBatches = 0;
  for (let b = 0; b < trainer.batchesPerEpoch; b++) {
    const r = trainer.trainNext(true);
    loss += r.loss[0];
    if (r.angles[0].length) {
      r.angles[0].forEach((a, i) => (angleSums[i] = (angleSums[i] ?? 0) + (a * 180) / Math.PI));
      angleBatches++;
    }
    if (r.alignment[0].length) {
      r.alignment[0].forEach((a, i) => (alignSums[i] = (alignSums[i] ?? 0) + (a * 180) / Math.PI));
      alignBatches++;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const perLayer = angleBatches ? angleSums.map((s) => s / angleBatches) : null;
  return {
    epoch,
    testAccuracy: 0,
    trainLoss: loss / trainer.batchesPerEpoch,
    angleDeg: perLayer ? mean(perLayer) : null,
    anglePerLayerDeg: perLayer,
    alignmentDeg: alignBatches ? mean(alignSums.map((s) => s / alignBatches)) : null,
  };
}

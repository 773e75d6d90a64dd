// Paper Fig. 1 (per-layer convergence of relaxation onto the backprop gradients) and Fig. 2 (step sizes).
import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../../src/data';
import { Network, Relaxation, layerSeries, type NetworkSpec, type RelaxOptions } from '../../src/engine';
import { batchTensors, loadDigits } from './common';

export interface ConvergenceConfig {
  net: 'mlp' | 'cnn';
  spec: NetworkSpec;
  seed: number;
  batch: number;
  steps: number;
  relax: RelaxOptions;
}

export interface LayerTrajectory {
  layer: number;
  id: string;
  sqError: number[];
  relError: number[];
  cosine: number[];
}

export const FIG2_ETAS = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005];

/** Relax one MNIST batch (the first of the seeded order) and return every step's metrics per hidden layer. */
export async function convergence(cfg: ConvergenceConfig, etas: number[] = [cfg.relax.eta]) {
  const data = await loadDigits();
  const order = epochOrder(data.train.n, cfg.seed, 0).subarray(0, cfg.batch);
  const { x, y } = batchTensors(data.train.batch(order), data.inputSize, data.classes, cfg.net);
  const net = Network.create(cfg.spec);
  try {
    return etas.map((eta) => {
      const relax = new Relaxation(net, x, y, { ...cfg.relax, eta });
      try {
        const run = relax.run(cfg.steps);
        const rec = run.record;
        const layers: LayerTrajectory[] = relax.hidden.map((i, k) => ({
          layer: k + 1,
          id: net.graph.layers[i].id,
          sqError: rec ? layerSeries(rec, 'sqError', k) : [],
          relError: rec ? layerSeries(rec, 'relError', k) : [],
          cosine: rec ? layerSeries(rec, 'cosine', k) : [],
        }));
        return { eta, layers, stop: run.stop };
      } finally {
        relax.dispose();
      }
    });
  } finally {
    net.dispose();
    tf.dispose([x, y]);
  }
}

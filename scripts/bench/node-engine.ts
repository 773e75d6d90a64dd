// Engine throughput in Node: relaxation steps/s of the paper MLP on each Node backend, unrecorded and
// recorded (every step, and decimated as the worker streams), plus tensors before/after.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Network, Random, Relaxation, followUpCnn, mlpSpec } from '../../src/engine';

export const PAPER_MLP = [784, 300, 300, 100, 10];

function paperBatch(seed: number) {
  const r = new Random(seed);
  const x = tf.tensor2d(Float32Array.from({ length: 64 * 784 }, () => r.next()), [64, 784]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, () => r.int(10)), 'int32'), 10).toFloat() as tf.Tensor2D;
  return { x, y };
}

/** Steps per second over at least `minMs` of work, after a warm-up. */
function rate(run: (n: number) => void, chunk: number, minMs: number): number {
  run(chunk);
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    run(chunk);
    steps += chunk;
  }
  return steps / ((performance.now() - t0) / 1000);
}

export async function benchNodeEngine(backends: string[], minMs = 2000) {
  const out: Record<string, unknown> = {};
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) continue;
    await tf.ready();
    const net = Network.create(mlpSpec(PAPER_MLP, { hidden: 'relu', init: { sigma: 0.05, seed: 1 } }));
    const { x, y } = paperBatch(1);
    const relax = new Relaxation(net, x, y, { eta: 0.1 });
    relax.run(1); // builds the cached Wᵀ that lives as long as the network
    const before = tf.memory().numTensors;
    // The cpu backend is ~40× slower: shorter chunks keep the measurement bounded.
    const chunk = backend === 'cpu' ? 5 : 50;
    const unrecorded = rate((n) => relax.run(n, { record: false }), chunk, minMs);
    const recordedEvery = rate((n) => relax.run(n, { record: true }), chunk, minMs);
    const recordedEvery10 = rate((n) => relax.run(n, { record: true, recordEvery: 10 }), chunk, minMs);
    const after = tf.memory().numTensors;
    out[backend] = {
      stepsPerSecond: Math.round(unrecorded),
      msPerStep: +(1000 / unrecorded).toFixed(3),
      recordedEveryStepStepsPerSecond: Math.round(recordedEvery),
      recordedEvery10StepsPerSecond: Math.round(recordedEvery10),
      numTensorsBefore: before,
      numTensorsAfter: after,
    };
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  }
  return out;
}

/** Relaxation steps/s of the follow-up paper's CNN (batch 64 and the app's preset batch of 8). */
export async function benchNodeCnn(backends: string[], minMs = 2000) {
  const out: Record<string, unknown> = {};
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) continue;
    await tf.ready();
    const row: Record<string, number> = {};
    for (const batch of [64, 8]) {
      const net = Network.create(followUpCnn(1, { sigma: 0.1 }));
      const r = new Random(batch);
      const x = tf.tensor4d(Float32Array.from({ length: batch * 784 }, () => r.next()), [batch, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, () => r.int(10)), 'int32'), 10).toFloat();
      const relax = new Relaxation(net, x, y, { eta: 0.1 });
      row[`batch${batch}StepsPerSecond`] = Math.round(rate((n) => relax.run(n, { record: false }), backend === 'cpu' ? 1 : 10, minMs));
      relax.dispose();
      net.dispose();
      tf.dispose([x, y]);
    }
    out[backend] = row;
  }
  return out;
}

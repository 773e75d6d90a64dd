import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Network, Relaxation, arGradients, bpGradients, disposeGradients, mlpSpec, updateAngles, type Activation, type GraphSpec } from '../../src/engine';
import { startTestBackend } from './backend';
import { randomBatch, relError } from './fixtures';

// Tolerance: float32 arithmetic; 1e-5 relative squared error is ~3e-3 relative norm, far above rounding
// (~1e-12 seen) and far below any real mismatch (a missing f′ or transpose gives O(1)).
const EXACT = 1e-5;

beforeAll(async () => {
  await startTestBackend();
});

const cases: { sizes: number[]; hidden: Activation }[] = [
  { sizes: [5, 7, 3], hidden: 'tanh' },
  { sizes: [6, 9, 8, 4], hidden: 'relu' },
  { sizes: [4, 8, 8, 8, 3], hidden: 'sigmoid' },
  { sizes: [10, 12, 11, 10, 9, 5], hidden: 'leakyRelu' },
  { sizes: [8, 6, 6, 6, 6, 6, 2], hidden: 'linear' },
];

describe('relaxation fixed point equals autodiff ∂Loss/∂x_l', () => {
  for (const { sizes, hidden } of cases) {
    const L = sizes.length - 1;
    it(`parallel η = 1 is exact after L−1 = ${L - 1} steps (${sizes.join('-')}, ${hidden})`, () => {
      const net = Network.create(mlpSpec(sizes, { hidden, init: { sigma: 0.5, seed: L } }));
      const { x, y } = randomBatch(7, [sizes[0]], sizes[L], 11);
      const relax = new Relaxation(net, x, y, { eta: 1, schedule: 'parallel' });
      const rec = relax.run(L - 1).record!;
      const last = rec.steps - 1;
      for (let k = 0; k < L - 1; k++) expect(rec.relError[last * (L - 1) + k]).toBeLessThanOrEqual(EXACT);
      relax.values().slice(0, L - 1).forEach((v, i) => expect(relError(v, relax.reference.gx[i])).toBeLessThanOrEqual(EXACT));
      if (L > 2) {
        // A wavefront: one step short, the bottom layer has not heard from the output yet.
        relax.reset();
        const early = relax.run(L - 2).record!;
        expect(early.relError[(early.steps - 1) * (L - 1)]).toBeGreaterThan(1e-3);
      }
      relax.dispose();
      net.dispose();
      tf.dispose([x, y]);
    });

    it(`sequential η = 1 is exact after one sweep (${sizes.join('-')}, ${hidden})`, () => {
      const net = Network.create(mlpSpec(sizes, { hidden, loss: 'softmaxCE', init: { sigma: 0.5, seed: 100 + L } }));
      const { x, y } = randomBatch(5, [sizes[0]], sizes[L], 12);
      const relax = new Relaxation(net, x, y, { eta: 1, schedule: 'sequential' });
      const rec = relax.run(1).record!;
      for (let k = 0; k < L - 1; k++) expect(rec.relError[k]).toBeLessThanOrEqual(EXACT);
      relax.dispose();
      net.dispose();
      tf.dispose([x, y]);
    });
  }

  it('output error e_L matches autodiff for both losses', () => {
    for (const loss of ['sse', 'softmaxCE'] as const) {
      const net = Network.create(mlpSpec([4, 6, 3], { loss, init: { sigma: 0.7, seed: 3 } }));
      const { x, y } = randomBatch(6, [4], 3, 4);
      const relax = new Relaxation(net, x, y);
      expect(relError(relax.e, relax.reference.gx[1])).toBeLessThan(1e-10);
      relax.dispose();
      net.dispose();
      tf.dispose([x, y]);
    }
  });
});

describe('Fig. 1 network: tanh 784-300-100-100-10, σ = 0.05, batch 64, η = 0.1 parallel', () => {
  let net: Network;
  let batch: { x: tf.Tensor; y: tf.Tensor };
  beforeAll(() => {
    net = Network.create(mlpSpec([784, 300, 100, 100, 10], { hidden: 'tanh', init: { sigma: 0.05, seed: 1 } }));
    batch = randomBatch(64, [784], 10, 5, 'pixels');
  });
  afterAll(() => {
    net.dispose();
    tf.dispose([batch.x, batch.y]);
  });

  it('converges monotonically after the transient to relative error ≤ 1e-6 within 200 steps', () => {
    const relax = new Relaxation(net, batch.x, batch.y, { eta: 0.1 });
    const rec = relax.run(200).record!;
    const H = rec.layers;
    for (let k = 0; k < H; k++) {
      const series = Array.from({ length: rec.steps }, (_, s) => rec.relError[s * H + k]);
      expect(series[199]).toBeLessThanOrEqual(1e-6);
      // After the transient (the first ~L steps, while the wavefront arrives), the error never grows.
      for (let s = 20; s < 200; s++) expect(series[s]).toBeLessThanOrEqual(series[s - 1] * (1 + 1e-3) + 1e-12);
      expect(series[0]).toBeGreaterThan(series[199] * 1e6);
    }
    relax.dispose();
  });

  it('every mode decays as (1 − η)^t: the residual shrinks by ≈ 0.9 per step once settled', () => {
    const relax = new Relaxation(net, batch.x, batch.y, { eta: 0.1 });
    const rec = relax.run(120).record!;
    const H = rec.layers;
    // Layer 1 residual ratio between steps 101 and 100 approaches 1 − η (polynomial factors from the
    // triangular coupling make it approach from above).
    const ratio = rec.residual[100 * H] / rec.residual[99 * H];
    expect(ratio).toBeGreaterThan(0.88);
    expect(ratio).toBeLessThan(0.95);
    relax.dispose();
  });
});

describe('general graphs relax by the same rule', () => {
  it('residual MLP with an add node: parallel η = 1 exact after longest path − 1 steps', () => {
    const spec: GraphSpec = {
      kind: 'graph',
      input: [6],
      layers: [
        { op: 'dense', id: 'h1', units: 8, activation: 'tanh' },
        { op: 'dense', id: 'h2', units: 8, activation: 'tanh' },
        { op: 'dense', id: 'h3', units: 8, activation: 'tanh' },
        { op: 'add', id: 'skip', inputs: ['h1', 'h3'] },
        { op: 'dense', id: 'out', units: 3, activation: 'linear' },
      ],
      bias: true,
      loss: 'sse',
      init: { sigma: 0.6, seed: 9 },
    };
    const net = Network.create(spec);
    const { x, y } = randomBatch(5, [6], 3, 8);
    const relax = new Relaxation(net, x, y, { eta: 1 });
    // Longest path h1 → h2 → h3 → skip → out has 5 nodes: exact after 4 steps, not after 3.
    const early = relax.run(3).record!;
    expect(early.relError[(early.steps - 1) * 4]).toBeGreaterThan(1e-3);
    relax.run(1);
    relax.values().slice(0, 4).forEach((v, i) => expect(relError(v, relax.reference.gx[i])).toBeLessThanOrEqual(EXACT));
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });

  it('small CNN (conv → maxPool → conv → avgPool → flatten → dense): exact after longest path − 1; conv updates match', () => {
    const spec: GraphSpec = {
      kind: 'graph',
      input: [10, 10, 1],
      layers: [
        { op: 'conv2d', id: 'c1', filters: 3, kernel: 3, activation: 'relu' },
        { op: 'maxPool', id: 'p1', size: 2 },
        { op: 'conv2d', id: 'c2', filters: 4, kernel: 2, padding: 'same', activation: 'tanh' },
        { op: 'avgPool', id: 'p2', size: 2 },
        { op: 'flatten', id: 'f' },
        { op: 'dense', id: 'out', units: 3, activation: 'linear' },
      ],
      bias: true,
      loss: 'sse',
      init: { sigma: 0.4, seed: 2 },
    };
    const net = Network.create(spec);
    const { x, y } = randomBatch(3, [10, 10, 1], 3, 21);
    const relax = new Relaxation(net, x, y, { eta: 1 });
    relax.run(5);
    relax.values().slice(0, 5).forEach((v, i) => expect(relError(v, relax.reference.gx[i])).toBeLessThanOrEqual(EXACT));
    const slow = new Relaxation(net, x, y, { eta: 0.1 });
    const rec = slow.run(300).record!;
    for (let k = 0; k < rec.layers; k++) expect(rec.relError[(rec.steps - 1) * rec.layers + k]).toBeLessThanOrEqual(1e-6);
    // At convergence the conv kernels' AR updates equal autodiff's.
    const ar = arGradients(slow);
    const angles = updateAngles(ar, bpGradients(slow));
    expect(angles).toHaveLength(3);
    for (const a of angles) expect(a).toBeLessThan(1e-3);
    disposeGradients(ar);
    tf.dispose([x, y]);
    relax.dispose();
    slow.dispose();
    net.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONDITIONS,
  Network,
  Relaxation,
  arGradients,
  bpGradients,
  disposeGradients,
  feedbackAlignment,
  mlpSpec,
  trainBatch,
  updateAngles,
} from '../../src/engine';
import { vjp, vjpGeneric, weightGrad, weightGradGeneric } from '../../src/engine/ops';
import { startTestBackend } from './backend';
import { randomBatch, relError, teacherBatch } from './fixtures';

beforeAll(async () => {
  await startTestBackend();
});

const spec = mlpSpec([12, 16, 14, 10, 4], { hidden: 'tanh', init: { sigma: 0.4, seed: 7 } });

function converged(options: ConstructorParameters<typeof Relaxation>[3], net = Network.create(spec)) {
  const { x, y } = randomBatch(9, [12], 4, 31);
  const relax = new Relaxation(net, x, y, { eta: 0.5, ...options });
  relax.run(200, { record: false });
  tf.dispose([x, y]);
  return { net, relax };
}

describe('weight updates', () => {
  it('AR update equals the autodiff gradient at convergence (exact transport, f′ on, frozen)', () => {
    const { net, relax } = converged({});
    const ar = arGradients(relax);
    const angles = updateAngles(ar, bpGradients(relax));
    expect(angles).toHaveLength(4);
    for (const a of angles) expect(a).toBeLessThan(1e-3);
    ar.forEach((g, i) => expect(relError(g!.db!, relax.reference.gb[i]!)).toBeLessThan(1e-8));
    disposeGradients(ar);
    relax.dispose();
    net.dispose();
  });

  it('dropping f′ or using random feedback gives a measurably different update', () => {
    for (const [opts, min] of [[{ fprime: false }, 0.05], [{ feedback: 'random' as const }, 0.3]] as const) {
      const { net, relax } = converged(opts);
      const ar = arGradients(relax);
      const angles = updateAngles(ar, bpGradients(relax));
      // The output layer's δ_L = e_L ⊙ D_L is exact with random feedback; the hidden layers are not.
      expect(Math.max(...angles.slice(0, 3))).toBeGreaterThan(min);
      disposeGradients(ar);
      relax.dispose();
      net.dispose();
    }
  });

  it('backprop condition applies exactly W − α ∂Loss/∂W', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(8, [12], 4, 2);
    const w0 = net.layer(1).w!.clone();
    const relax = new Relaxation(net, x, y);
    const expected = tf.sub(w0, tf.mul(0.01, relax.reference.gw[1]!));
    relax.dispose();
    trainBatch(net, x, y, CONDITIONS.bp, { alpha: 0.01, relax: {}, steps: 10 });
    expect(relError(net.layer(1).w!, expected)).toBeLessThan(1e-12);
    tf.dispose([x, y, w0, expected]);
    net.dispose();
  });

  it('learned backward weights receive exactly the transposed update', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(8, [12], 4, 3);
    const before = net.graph.layers.map((_, i) => ({ w: net.layer(i).w!.clone(), psi: net.layer(i).learned!.clone() }));
    trainBatch(net, x, y, CONDITIONS['ar-learned'], { alpha: 0.05, relax: { eta: 0.5 }, steps: 50 });
    before.forEach(({ w, psi }, i) => {
      const dW = tf.sub(net.layer(i).w!, w);
      const dPsi = tf.sub(net.layer(i).learned!, psi);
      expect(tf.sum(tf.abs(dW)).dataSync()[0]).toBeGreaterThan(0);
      expect(relError(dPsi, tf.transpose(dW))).toBeLessThan(1e-8);
      tf.dispose([w, psi, dW, dPsi]);
    });
    tf.dispose([x, y]);
    net.dispose();
  });

  it('learned backward weights move toward Wᵀ over training (alignment angle decreases)', () => {
    const net = Network.create(mlpSpec([12, 16, 14, 10, 4], { hidden: 'tanh', init: { sigma: 0.05, seed: 8 } }));
    const before = feedbackAlignment(net);
    // A learnable task, so that W grows away from its small initialisation: ψ − Wᵀ stays constant under
    // the shared updates, and the angle closes as both grow along the same direction.
    for (let b = 0; b < 200; b++) {
      const { x, y } = teacherBatch(16, 12, 4, 100 + (b % 8));
      trainBatch(net, x, y, CONDITIONS['ar-learned'], { alpha: 0.02, relax: { eta: 0.5 }, steps: 30 });
      tf.dispose([x, y]);
    }
    const after = feedbackAlignment(net);
    expect(before.every((a) => a > 1.4)).toBe(true);
    after.forEach((a, i) => expect(a).toBeLessThan(before[i] - 0.5));
    net.dispose();
  });

  it('continual updates (α/N per step) reduce the loss', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(8, [12], 4, 5);
    const first = trainBatch(net, x, y, CONDITIONS['ar-continual'], { alpha: 0.02, relax: { eta: 0.5 }, steps: 20 }).loss;
    let last = first;
    for (let i = 0; i < 20; i++) last = trainBatch(net, x, y, CONDITIONS['ar-continual'], { alpha: 0.02, relax: { eta: 0.5 }, steps: 20 }).loss;
    expect(last).toBeLessThan(first * 0.8);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('the fast dense paths equal the general VJP and weight gradient (autodiff of the op)', () => {
    const net = Network.create(spec);
    const layer = net.graph.layers[1];
    const { x } = randomBatch(6, [16], 2, 9);
    const dy = randomBatch(6, [14], 2, 10).x;
    const bw = net.backward(1, 'random')!;
    const [fast] = vjp(layer, dy, [x], bw);
    const [general] = vjpGeneric(layer, dy, [x], bw);
    expect(relError(fast, general)).toBeLessThan(1e-12);
    const w = net.layer(1).w!;
    const fastW = weightGrad(layer, dy, [x], w).dw;
    expect(relError(fastW, weightGradGeneric(layer, dy, [x], w))).toBeLessThan(1e-12);
    tf.dispose([x, dy, fast, general, fastW]);
    net.dispose();
  });

  it('the conv fast path (transposed convolution) equals the general VJP, for valid and same padding', () => {
    for (const padding of ['valid', 'same'] as const) {
      const cnn = Network.create({
        kind: 'graph',
        input: [9, 9, 2],
        layers: [
          { op: 'conv2d', id: 'c', filters: 3, kernel: 3, stride: 2, padding, activation: 'relu' },
          { op: 'flatten', id: 'f' },
          { op: 'dense', id: 'out', units: 2, activation: 'linear' },
        ],
        bias: true,
        loss: 'sse',
        init: { sigma: 0.3, seed: 1 },
      });
      const layer = cnn.graph.layers[0];
      const x = randomBatch(4, [9, 9, 2], 1, 5).x;
      const dy = randomBatch(4, layer.outShape, 1, 6).x;
      const bw = cnn.backward(0, 'learned')!;
      const [fast] = vjp(layer, dy, [x], bw);
      const [general] = vjpGeneric(layer, dy, [x], bw);
      expect(relError(fast, general)).toBeLessThan(1e-10);
      tf.dispose([x, dy, fast, general]);
      cnn.dispose();
    }
  });
});

describe('variants switch between any two steps', () => {
  it('f′ off mid-run changes the trajectory without restarting; back on, it returns to the gradient', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(9, [12], 4, 6);
    const relax = new Relaxation(net, x, y, { eta: 0.5 });
    relax.run(60);
    relax.setOptions({ fprime: false });
    const off = relax.run(60).record!;
    expect(off.stepIndex[0]).toBe(61);
    expect(off.relError[(off.steps - 1) * 3]).toBeGreaterThan(1e-3);
    relax.setOptions({ fprime: true, feedback: 'random' });
    relax.run(60);
    relax.setOptions({ feedback: 'exact' });
    const back = relax.run(80).record!;
    expect(back.stepIndex[back.steps - 1]).toBe(260);
    for (let k = 0; k < 3; k++) expect(back.relError[(back.steps - 1) * 3 + k]).toBeLessThan(1e-8);
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });

  it('non-frozen equals frozen when f′ is constant (linear layers), and differs for tanh', () => {
    for (const [hidden, same] of [['linear', true], ['tanh', false]] as const) {
      const net = Network.create(mlpSpec([6, 7, 7, 3], { hidden, init: { sigma: 0.6, seed: 4 } }));
      const { x, y } = randomBatch(5, [6], 3, 1);
      const frozen = new Relaxation(net, x, y, { eta: 0.5, frozen: true });
      const live = new Relaxation(net, x, y, { eta: 0.5, frozen: false });
      frozen.run(100, { record: false });
      live.run(100, { record: false });
      const diff = relError(live.values()[0], frozen.values()[0]);
      if (same) expect(diff).toBeLessThan(1e-10);
      else expect(diff).toBeGreaterThan(1e-4);
      [frozen, live].forEach((r) => r.dispose());
      net.dispose();
      tf.dispose([x, y]);
    }
  });

  it('sequential and parallel schedules reach the same fixed point; zeros init too', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(9, [12], 4, 6);
    for (const opts of [{ schedule: 'sequential' as const }, { init: 'zeros' as const }]) {
      const relax = new Relaxation(net, x, y, { eta: 0.3, ...opts });
      const rec = relax.run(150).record!;
      for (let k = 0; k < 3; k++) expect(rec.relError[(rec.steps - 1) * 3 + k]).toBeLessThan(1e-8);
      relax.dispose();
    }
    net.dispose();
    tf.dispose([x, y]);
  });

  it('traces record each unit’s value and local target; recordEvery decimates', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(9, [12], 4, 6);
    const relax = new Relaxation(net, x, y, { eta: 0.5 });
    const trace = [{ layer: 0, item: 2, unit: 5 }, { layer: 3, item: 1, unit: 3 }];
    const rec = relax.run(25, { trace, recordEvery: 10 }).record!;
    expect(Array.from(rec.stepIndex)).toEqual([10, 20, 25]);
    const v0 = relax.values()[0].arraySync() as number[][];
    const e = relax.e.arraySync() as number[][];
    expect(rec.traceValue[2 * 2]).toBeCloseTo(v0[2][5], 6);
    expect(rec.traceValue[2 * 2 + 1]).toBeCloseTo(e[1][3], 6);
    expect(rec.traceTarget[2 * 2 + 1]).toBeCloseTo(e[1][3], 6);
    expect(() => relax.run(1, { trace: [{ layer: 0, item: 0, unit: 99 }] })).toThrow(/no unit 99/);
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });
});

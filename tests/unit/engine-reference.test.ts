// The autodiff reference differentiates dense layers through denseForGrad (plain matMuls with explicit
// transposes, because tfjs-wasm runs transposed matMuls 10–20× slower). These tests check it against
// TF.js's own matMul gradient, so "AR equals autodiff" still means TF.js's autodiff.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Network, autodiffReference, mlpSpec, type Activation } from '../../src/engine';
import { activate } from '../../src/engine/activations';
import { denseForGrad } from '../../src/engine/ops';
import { startTestBackend } from './backend';
import { randomBatch, relError } from './fixtures';

// float32: the two gradients add the same products in different orders; 1e-10 relative squared error is
// ~1e-5 relative norm, far above rounding and far below any wrong transpose or missing term (O(1)).
const SAME = 1e-10;

beforeAll(async () => {
  await startTestBackend();
});

describe('denseForGrad', () => {
  it('gives TF.js matMul gradients for x and w, and for w alone when x is data', () => {
    const x = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([5, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const dy = tf.randomNormal([7, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const builtIn = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))([x, w], dy);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => denseForGrad(a as tf.Tensor2D, b as tf.Tensor2D, false))([x, w], dy);
    const oursData = tf.grad((b: tf.Tensor) => denseForGrad(x, b as tf.Tensor2D, true))(w, dy);
    expect(relError(ours[0], builtIn[0])).toBeLessThan(SAME);
    expect(relError(ours[1], builtIn[1])).toBeLessThan(SAME);
    expect(relError(oursData, builtIn[1])).toBeLessThan(SAME);
    // Values are the plain product.
    expect(relError(denseForGrad(x, w, true), tf.matMul(x, w))).toBe(0);
    tf.dispose([x, w, dy, ...builtIn, ...ours, oursData]);
  });
});

describe('autodiffReference equals TF.js autodiff through plain matMuls', () => {
  const cases: { sizes: number[]; hidden: Activation; loss: 'sse' | 'softmaxCE' }[] = [
    { sizes: [6, 9, 8, 4], hidden: 'relu', loss: 'sse' },
    { sizes: [5, 7, 7, 3], hidden: 'tanh', loss: 'softmaxCE' },
  ];
  for (const c of cases)
    it(`${c.sizes.join('-')} ${c.hidden}, ${c.loss}: loss, ∂Loss/∂x_l, ∂Loss/∂W_l, ∂Loss/∂b_l`, () => {
      const net = Network.create(mlpSpec(c.sizes, { hidden: c.hidden, loss: c.loss, init: { sigma: 0.5, seed: 4 } }));
      const { x, y } = randomBatch(6, [c.sizes[0]], c.sizes[c.sizes.length - 1], 5);
      const L = c.sizes.length - 1;
      const acts = net.graph.layers.map((l) => l.activation);
      const ws = Array.from({ length: L }, (_, i) => net.layer(i).w as tf.Tensor);
      const bs = Array.from({ length: L }, (_, i) => net.layer(i).b as tf.Tensor);
      const eps = net.graph.layers.map((l) => tf.zeros([6, ...l.outShape]));
      // An independent forward pass with tf.matMul (TF.js's built-in gradient) and the same loss.
      const plain = (...args: tf.Tensor[]) => {
        let h: tf.Tensor = x;
        for (let i = 0; i < L; i++)
          h = tf.add(activate(acts[i], tf.add(tf.matMul(h as tf.Tensor2D, args[L + i] as tf.Tensor2D), args[2 * L + i])), args[i]);
        return c.loss === 'sse' ? tf.sum(tf.square(tf.sub(h, y))) : tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(h))));
      };
      const { value, grads } = tf.valueAndGrads(plain)([...eps, ...ws, ...bs]);
      const ref = autodiffReference(net, x, y);
      expect(Math.abs(ref.loss.dataSync()[0] - value.dataSync()[0])).toBeLessThan(1e-5 * Math.abs(value.dataSync()[0]));
      for (let i = 0; i < L; i++) {
        expect(relError(ref.gx[i], grads[i])).toBeLessThan(SAME);
        expect(relError(ref.gw[i] as tf.Tensor, grads[L + i])).toBeLessThan(SAME);
        expect(relError(ref.gb[i] as tf.Tensor, grads[2 * L + i])).toBeLessThan(SAME);
      }
      tf.dispose([x, y, value, ...grads, ...eps, ref.loss, ...ref.gx, ...(ref.gw as tf.Tensor[]), ...(ref.gb as tf.Tensor[])]);
      net.dispose();
    });
});


import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2dFilterGrad } from '../../src/engine/ops';
import { startTestBackend } from './backend';
import { randomBatch, relError } from './fixtures';

let backend = '';
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await tf.setBackend(backend);
});

describe('conv2d filter gradient as a dilated convolution', () => {
  const cases = [
    { hw: 10, cin: 1, cout: 3, k: 3, stride: 1, padding: 'valid' as const },
    { hw: 11, cin: 2, cout: 4, k: 5, stride: 2, padding: 'valid' as const },
    { hw: 9, cin: 3, cout: 2, k: 3, stride: 2, padding: 'same' as const },
    { hw: 8, cin: 2, cout: 2, k: 2, stride: 1, padding: 'same' as const },
  ];
  for (const c of cases) {
    it(`equals the native Conv2DBackpropFilter (cpu) for ${c.hw}×${c.hw}×${c.cin}, ${c.k}×${c.k}, stride ${c.stride}, ${c.padding}`, async () => {
      const x = randomBatch(3, [c.hw, c.hw, c.cin], 1, 1).x as tf.Tensor4D;
      const w = randomBatch(c.k, [c.k, c.cin, c.cout], 1, 2).x as tf.Tensor4D;
      const out = tf.conv2d(x, w, c.stride, c.padding);
      const dy = randomBatch(3, out.shape.slice(1), 1, 3).x as tf.Tensor4D;
      const ours = await conv2dFilterGrad(x, dy, c.k, c.stride, c.padding).array();
      await tf.setBackend('cpu');
      // TF.js's own Conv2D gradient, which runs the native Conv2DBackpropFilter kernel on cpu.
      const [xc, wc, dyc] = [x, w, dy].map((t) => t.clone()) as tf.Tensor4D[];
      const native = tf.grad((wv: tf.Tensor) => tf.conv2d(xc, wv as tf.Tensor4D, c.stride, c.padding))(wc, dyc);
      expect(relError(tf.tensor(ours), native)).toBeLessThan(1e-10);
      await tf.setBackend(backend);
      tf.dispose([x, w, out, dy, native, xc, wc, dyc]);
    });
  }
});

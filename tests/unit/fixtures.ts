import * as tf from '@tensorflow/tfjs';
import { Random } from '../../src/engine/random';

/** A seeded batch: inputs in [0, 1) (pixel-like) or N(0, 1), one-hot targets. */
export function randomBatch(n: number, inShape: number[], classes: number, seed: number, kind: 'pixels' | 'normal' = 'normal') {
  const r = new Random(seed);
  const size = inShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(n * size);
  for (let i = 0; i < xs.length; i++) xs[i] = kind === 'pixels' ? r.next() : r.normal();
  const ys = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) ys[i * classes + r.int(classes)] = 1;
  return { x: tf.tensor(xs, [n, ...inShape]), y: tf.tensor2d(ys, [n, classes]) };
}

/** ‖a − b‖² / ‖b‖², read back. */
export function relError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.squaredDifference(a, b)).dataSync()[0] / tf.sum(tf.square(b)).dataSync()[0]);
}

/** A learnable task: labels are the argmax of a fixed random linear "teacher" map of the inputs. */
export function teacherBatch(n: number, inSize: number, classes: number, seed: number) {
  const { x } = randomBatch(n, [inSize], classes, seed);
  const teacher = randomBatch(inSize, [classes], 1, 424242).x;
  const y = tf.tidy(() => tf.oneHot(tf.argMax(tf.matMul(x as tf.Tensor2D, teacher as tf.Tensor2D), 1), classes).cast('float32'));
  teacher.dispose();
  return { x, y };
}

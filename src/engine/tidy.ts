import * as tf from '@tensorflow/tfjs';

/** tf.tidy for results that hold nulls (e.g. "no derivative" or "no weights"): TF.js walks containers and
 *  skips null at run time, but its TensorContainer type does not admit null. */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}

import * as tf from '@tensorflow/tfjs';
import type { Activation } from './spec';

const LEAKY_SLOPE = 0.01;

export function activate(f: Activation, a: tf.Tensor): tf.Tensor {
  switch (f) {
    case 'relu':
      return tf.relu(a);
    case 'tanh':
      return tf.tanh(a);
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'leakyRelu':
      return tf.leakyRelu(a, LEAKY_SLOPE);
    case 'linear':
      return a;
  }
}

/** f′(a), given a and x = f(a) (tanh and sigmoid are cheaper from x). null means "all ones": linear layers
 *  skip the multiplication instead of multiplying by a tensor of ones. Matches TF.js autodiff, including
 *  f′(0) = 0 for relu. */
export function derivative(f: Activation, a: tf.Tensor, x: tf.Tensor): tf.Tensor | null {
  switch (f) {
    case 'relu':
      return tf.step(a);
    case 'tanh':
      return tf.sub(1, tf.square(x));
    case 'sigmoid':
      return tf.mul(x, tf.sub(1, x));
    case 'leakyRelu':
      return tf.where(tf.greater(a, 0), tf.onesLike(a), tf.fill(a.shape, LEAKY_SLOPE));
    case 'linear':
      return null;
  }
}

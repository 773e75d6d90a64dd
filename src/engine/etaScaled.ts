import * as tf from '@tensorflow/tfjs';

/** The scalars 1 − η and η, and η-scaled copies of backward weights (per child layer, remade when the
 *  layer's backward weights are replaced, as learned ones are by continual updates). */
export interface EtaScaled {
  value: number;
  keep: tf.Scalar;
  eta: tf.Scalar;
  weights: ({ source: tf.Tensor; scaled: tf.Tensor } | undefined)[];
}

export function scaledWeights(s: EtaScaled, layer: number, source: tf.Tensor): tf.Tensor {
  const have = s.weights[layer];
  if (have?.source === source) return have.scaled;
  have?.scaled.dispose();
  const scaled = tf.keep(tf.mul(source, s.eta));
  s.weights[layer] = { source, scaled };
  return scaled;
}

export function disposeEtaScaled(s: EtaScaled): void {
  tf.dispose([s.keep, s.eta, ...s.weights.flatMap((w) => (w ? [w.scaled] : []))]);
}

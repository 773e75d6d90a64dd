import * as tf from '@tensorflow/tfjs';
import { activate } from './activations';
import { check } from './errors';
import type { Network } from './network';
import { linear } from './ops';
import type { CompiledGraph, LossKind } from './spec';

export interface ForwardPass {
  /** Pre-activations a_l, one per layer, in topological order. */
  a: tf.Tensor[];
  /** Outputs x_l = f(a_l), one per layer; the last is the network output. */
  x: tf.Tensor[];
}

/** Inputs of layer i: the network input for parent −1, else that layer's output in `x`. */
export function parentValues(graph: CompiledGraph, i: number, input: tf.Tensor, x: tf.Tensor[]): tf.Tensor[] {
  return graph.layers[i].parents.map((p) => (p < 0 ? input : x[p]));
}

/** The feedforward pass. `eps` (optional, one per layer) is added to each layer's output: autodiff with
 *  respect to a zero `eps` gives ∂Loss/∂x_l for every node of any DAG (and marks the pass as one to be
 *  differentiated). Call inside a tidy. */
export function forward(
  net: Network,
  input: tf.Tensor,
  weights?: { w: (tf.Tensor | null)[]; b: (tf.Tensor | null)[] },
  eps?: tf.Tensor[],
): ForwardPass {
  const { graph } = net;
  const a: tf.Tensor[] = [];
  const x: tf.Tensor[] = [];
  graph.layers.forEach((layer, i) => {
    const p = net.layer(i);
    const ai = linear(layer, parentValues(graph, i, input, x), weights ? weights.w[i] : p.w, weights ? weights.b[i] : p.b, eps !== undefined);
    const xi = activate(layer.activation, ai);
    a.push(ai);
    x.push(eps ? tf.add(xi, eps[i]) : xi);
  });
  return { a, x };
}

export function lossValue(kind: LossKind, out: tf.Tensor, y: tf.Tensor): tf.Scalar {
  if (kind === 'sse') return tf.sum(tf.square(tf.sub(out, y)));
  // Summed over the batch (not averaged), matching the summed squared error convention.
  return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(out))));
}

/** e_L = ∂Loss/∂x_L in closed form. */
export function outputError(kind: LossKind, out: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (kind === 'sse') return tf.mul(2, tf.sub(out, y));
  return tf.sub(tf.softmax(out), y);
}

/** Check a batch against the network's shapes; NaN/∞ are rejected here, once per batch. */
export function validateBatch(graph: CompiledGraph, input: tf.Tensor, target: tf.Tensor): void {
  const inShape = graph.inputShape;
  const outSize = graph.layers[graph.layers.length - 1].outShape[0];
  check(
    input.rank === inShape.length + 1 && input.shape.slice(1).join() === inShape.join() && input.shape[0] > 0,
    'shape-mismatch',
    `Input batch has shape [${input.shape}]; the network expects [batch, ${inShape}].`,
  );
  check(
    target.rank === 2 && target.shape[0] === input.shape[0] && target.shape[1] === outSize,
    'shape-mismatch',
    `Target batch has shape [${target.shape}]; expected [${input.shape[0]}, ${outSize}].`,
  );
  const finite = tf.tidy(() => tf.all(tf.isFinite(input)).dataSync()[0] && tf.all(tf.isFinite(target)).dataSync()[0]);
  check(Boolean(finite), 'non-finite', 'The batch contains NaN or infinite values.');
}

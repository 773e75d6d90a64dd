import * as tf from '@tensorflow/tfjs';
import { tidy } from './tidy';
import { forward, lossValue, type ForwardPass } from './forward';
import type { Network } from './network';

/** Exact backprop on the same batch, by TF.js autodiff: ∂Loss/∂x_l for every layer and ∂Loss/∂W_l, ∂Loss/∂b_l. */
export interface Reference {
  loss: tf.Scalar;
  /** ∂Loss/∂x_l per layer (the relaxation's fixed point). */
  gx: tf.Tensor[];
  gw: (tf.Tensor | null)[];
  gb: (tf.Tensor | null)[];
}

/** `keepPass` receives the forward pass that was differentiated (kept: the caller owns and disposes it), so a
 *  relaxation can freeze that very pass instead of computing it a second time. */
export function autodiffReference(
  net: Network,
  input: tf.Tensor,
  target: tf.Tensor,
  keepPass?: (pass: ForwardPass) => void,
): Reference {
  return tidy(() => {
    const n = net.layerCount;
    const wIdx: number[] = [];
    const bIdx: number[] = [];
    const args: tf.Tensor[] = [];
    const eps = net.graph.layers.map((l) => tf.zeros([input.shape[0], ...l.outShape]));
    args.push(...eps);
    for (let i = 0; i < n; i++) {
      const p = net.layer(i);
      wIdx.push(p.w ? args.push(p.w) - 1 : -1);
      bIdx.push(p.b ? args.push(p.b) - 1 : -1);
    }
    const f = (...xs: tf.Tensor[]) => {
      const w = wIdx.map((k) => (k < 0 ? null : xs[k]));
      const b = bIdx.map((k) => (k < 0 ? null : xs[k]));
      const pass = forward(net, input, { w, b }, xs.slice(0, n));
      keepPass?.({ a: pass.a.map((t) => tf.keep(t)), x: pass.x.map((t) => tf.keep(t)) });
      return lossValue(net.graph.loss, pass.x[n - 1], target);
    };
    const { value, grads } = tf.valueAndGrads(f)(args);
    return {
      loss: value as tf.Scalar,
      gx: grads.slice(0, n),
      gw: wIdx.map((k) => (k < 0 ? null : grads[k])),
      gb: bIdx.map((k) => (k < 0 ? null : grads[k])),
    };
  });
}

export function disposeReference(r: Reference): void {
  tf.dispose([r.loss, ...r.gx, ...r.gw.filter(nonNull), ...r.gb.filter(nonNull)]);
}

const nonNull = <T>(t: T | null): t is T => t !== null;

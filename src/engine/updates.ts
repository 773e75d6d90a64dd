import * as tf from '@tensorflow/tfjs';
import { tidy } from './tidy';
import { check } from './errors';
import { parentValues } from './forward';
import { angleFromSums } from './metrics';
import type { Network } from './network';
import { toBackwardLayout, weightGrad } from './ops';
import type { Relaxation } from './relaxation';

/** Gradient estimate for one layer (null for ops without weights). The update is W ← W − α·dw. */
export interface LayerGrad {
  dw: tf.Tensor;
  db: tf.Tensor | null;
}

/** AR's weight gradients from the current relaxation state: dw_l = ∂(Σ δ_l ⊙ a_l)/∂W_l at the frozen
 *  inputs (x̄_{l−1}ᵀ δ_l for dense), δ_l = v_l ⊙ D_l under the relaxation's current options. */
export function arGradients(relax: Relaxation): (LayerGrad | null)[] {
  const { net } = relax;
  return net.graph.layers.map((layer, i) => {
    const w = net.layer(i).w;
    if (!w) return null;
    return tidy(() => {
      const delta = relax.currentDelta(i);
      return weightGrad(layer, delta, parentValues(net.graph, i, relax.input, relax.x), w);
    });
  });
}

/** Backprop's weight gradients (autodiff) on the relaxation's batch. Not copies: do not dispose. */
export function bpGradients(relax: Relaxation): (LayerGrad | null)[] {
  const { gw, gb } = relax.reference;
  return gw.map((dw, i) => (dw ? { dw, db: gb[i] } : null));
}

/**
 * Plain SGD: W ← W − α dw, b ← b − α db. With `learnedFeedback`, ψ ← ψ − α dwᵀ (the same update, in
 * backward layout: no weight transport, the backward synapse sees only its own pre/post activity).
 */
export function applyGradients(net: Network, grads: (LayerGrad | null)[], alpha: number, learnedFeedback: boolean): void {
  check(Number.isFinite(alpha) && alpha > 0, 'invalid-option', `Learning rate α must be a positive number, got ${alpha}.`);
  grads.forEach((g, i) => {
    if (!g) return;
    const p = net.layer(i);
    const layer = net.graph.layers[i];
    const next = tidy(() => ({
      w: tf.sub(p.w as tf.Tensor, tf.mul(alpha, g.dw)),
      b: p.b && g.db ? tf.sub(p.b, tf.mul(alpha, g.db)) : undefined,
      learned: learnedFeedback && p.learned ? tf.sub(p.learned, tf.mul(alpha, toBackwardLayout(layer, g.dw))) : undefined,
    }));
    net.setParams(i, next);
  });
}

export function disposeGradients(grads: (LayerGrad | null)[]): void {
  for (const g of grads) if (g) tf.dispose(g.db ? [g.dw, g.db] : [g.dw]);
}

/** Angle (radians) between AR's and backprop's weight updates per weighted layer; one read-back. */
export function updateAngles(ar: (LayerGrad | null)[], bp: (LayerGrad | null)[]): number[] {
  const pairs = ar.flatMap((g, i) => (g && bp[i] ? [[g.dw, (bp[i] as LayerGrad).dw] as const] : []));
  return sumsToAngles(pairs);
}

/** Angle (radians) between the learned backward weights ψ_l and W_lᵀ per weighted layer. */
export function feedbackAlignment(net: Network, feedback: 'learned' | 'random' = 'learned'): number[] {
  const pairs = net.graph.layers.flatMap((_, i) => {
    const psi = net.backward(i, feedback);
    return psi ? [[psi, net.backward(i, 'exact') as tf.Tensor] as const] : [];
  });
  return sumsToAngles(pairs);
}

function sumsToAngles(pairs: (readonly [tf.Tensor, tf.Tensor])[]): number[] {
  if (pairs.length === 0) return [];
  const raw = tf.tidy(() =>
    tf.stack(pairs.map(([a, b]) => tf.stack([tf.sum(tf.mul(a, b)), tf.sum(tf.square(a)), tf.sum(tf.square(b))]))).dataSync(),
  );
  return pairs.map((_, k) => angleFromSums(raw[3 * k], raw[3 * k + 1], raw[3 * k + 2]));
}

import * as tf from '@tensorflow/tfjs';
import { check } from './errors';
import { forward, lossValue, validateBatch } from './forward';
import { autodiffReference, disposeReference } from './reference';
import type { Network } from './network';
import { Relaxation, type RelaxOptions } from './relaxation';
import { applyGradients, arGradients, bpGradients, disposeGradients, updateAngles, type LayerGrad } from './updates';

export const CONDITION_NAMES = [
  'bp',
  'ar',
  'ar-learned',
  'ar-random',
  'ar-no-fprime',
  'ar-learned-no-fprime',
  'ar-nonfrozen',
  'ar-continual',
] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

export interface Condition {
  name: ConditionName;
  label: string;
  /** null for backprop; otherwise the relaxation variant. */
  relax: Partial<RelaxOptions> | null;
  /** Update learned backward weights with the transposed weight update. */
  learnedFeedback: boolean;
  /** Update weights at every relaxation step with α / steps (the follow-up paper's continual variant). */
  continual: boolean;
}

export const CONDITIONS: Record<ConditionName, Condition> = {
  bp: { name: 'bp', label: 'Backprop', relax: null, learnedFeedback: false, continual: false },
  ar: { name: 'ar', label: 'AR (exact transport)', relax: { feedback: 'exact' }, learnedFeedback: false, continual: false },
  'ar-learned': { name: 'ar-learned', label: 'AR, learned backward weights', relax: { feedback: 'learned' }, learnedFeedback: true, continual: false },
  'ar-random': { name: 'ar-random', label: 'AR, fixed random feedback', relax: { feedback: 'random' }, learnedFeedback: false, continual: false },
  'ar-no-fprime': { name: 'ar-no-fprime', label: 'AR, no f′', relax: { fprime: false }, learnedFeedback: false, continual: false },
  'ar-learned-no-fprime': {
    name: 'ar-learned-no-fprime',
    label: 'AR, learned backward weights, no f′',
    relax: { feedback: 'learned', fprime: false },
    learnedFeedback: true,
    continual: false,
  },
  'ar-nonfrozen': { name: 'ar-nonfrozen', label: 'AR, non-frozen forward pass', relax: { frozen: false }, learnedFeedback: false, continual: false },
  'ar-continual': { name: 'ar-continual', label: 'AR, continual updates', relax: {}, learnedFeedback: false, continual: true },
};

export interface TrainOptions {
  /** SGD learning rate α. */
  alpha: number;
  /** Relaxation settings shared by every AR condition (the condition's own switches win). */
  relax: Partial<RelaxOptions>;
  /** Relaxation steps per batch. */
  steps: number;
  /** Optional early stop on the residual, checked every `checkEvery` steps. */
  tolerance?: number;
  checkEvery?: number;
  /** Compute the AR-vs-backprop weight-update angle (costs one autodiff pass per batch). */
  measureAngle?: boolean;
  /** Sees AR's and backprop's gradients on this batch before the update (tensors it must not keep). */
  inspect?: (ar: (LayerGrad | null)[], bp: (LayerGrad | null)[]) => void;
}

export interface BatchResult {
  /** Loss on the batch before the update. */
  loss: number;
  /** Relaxation steps taken (0 for backprop). */
  steps: number;
  /** Per weighted layer, radians; empty for backprop or when not measured. */
  angles: number[];
  diverged: string | null;
}

/** One SGD step of one condition on one batch; `net` is updated in place. */
export function trainBatch(net: Network, input: tf.Tensor, target: tf.Tensor, condition: Condition, opts: TrainOptions): BatchResult {
  check(Number.isInteger(opts.steps) && opts.steps > 0, 'invalid-option', `Relaxation steps must be a positive integer, got ${opts.steps}.`);
  if (!condition.relax) return backpropBatch(net, input, target, opts.alpha);
  const relax = new Relaxation(net, input, target, { ...opts.relax, ...condition.relax });
  try {
    const loss = relax.reference.loss.dataSync()[0];
    let steps = 0;
    let diverged: string | null = null;
    if (condition.continual) {
      for (; steps < opts.steps && !diverged; steps++) {
        diverged = relax.run(1, { record: false }).stop?.message ?? null;
        const g = arGradients(relax);
        applyGradients(net, g, opts.alpha / opts.steps, condition.learnedFeedback);
        disposeGradients(g);
      }
      return { loss, steps, angles: [], diverged };
    }
    const chunk = opts.tolerance === undefined ? opts.steps : (opts.checkEvery ?? 10);
    while (steps < opts.steps) {
      const r = relax.run(Math.min(chunk, opts.steps - steps), { record: opts.tolerance !== undefined, tolerance: opts.tolerance });
      steps += r.steps;
      if (r.stop) {
        if (r.stop.kind === 'diverged') diverged = r.stop.message;
        break;
      }
    }
    const g = arGradients(relax);
    const angles = opts.measureAngle ? updateAngles(g, bpGradients(relax)) : [];
    opts.inspect?.(g, bpGradients(relax));
    if (!diverged) applyGradients(net, g, opts.alpha, condition.learnedFeedback);
    disposeGradients(g);
    return { loss, steps, angles, diverged };
  } finally {
    relax.dispose();
  }
}

/** Backprop needs only the autodiff gradients: no frozen pass, no relaxation state. */
function backpropBatch(net: Network, input: tf.Tensor, target: tf.Tensor, alpha: number): BatchResult {
  validateBatch(net.graph, input, target);
  const ref = autodiffReference(net, input, target);
  try {
    const loss = ref.loss.dataSync()[0];
    applyGradients(net, ref.gw.map((dw, i) => (dw ? { dw, db: ref.gb[i] } : null)), alpha, false);
    return { loss, steps: 0, angles: [], diverged: null };
  } finally {
    disposeReference(ref);
  }
}

export interface Evaluation {
  accuracy: number;
  /** Loss summed over the items, divided by their count. */
  meanLoss: number;
}

/** Accuracy (argmax) and mean loss over a set, in chunks to bound memory. */
export function evaluate(net: Network, input: tf.Tensor, target: tf.Tensor, chunk = 1000): Evaluation {
  const n = input.shape[0];
  let correct = 0;
  let loss = 0;
  for (let s = 0; s < n; s += chunk) {
    const size = Math.min(chunk, n - s);
    const [c, l] = tf.tidy(() => {
      const xb = tf.slice(input, s, size);
      const yb = tf.slice(target, s, size);
      const out = forward(net, xb).x[net.layerCount - 1];
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(yb, 1)), 'float32'));
      return tf.stack([hits, lossValue(net.graph.loss, out, yb)]).dataSync();
    });
    correct += c;
    loss += l;
  }
  return { accuracy: correct / n, meanLoss: loss / n };
}

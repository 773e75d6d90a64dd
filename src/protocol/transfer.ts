// postMessage transfer lists for worker events (kept apart from the message types in messages.ts).

import type { WorkerEvent } from './messages';

/** The buffers of every typed array in an event, for postMessage's transfer list. */
export function transferables(ev: WorkerEvent): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: ArrayBufferView) => {
    if (a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  const addAll = (list: readonly (ArrayBufferView | null)[]) => list.forEach((a) => a && add(a));
  if (ev.type === 'configured')
    [ev.reference, ev.weights.w, ev.weights.backward, ev.derivative, ev.feedforward, ev.values].forEach(
      addAll,
    );
  if (ev.type === 'batch') {
    addAll([ev.stepIndex, ev.relError, ev.sqError, ev.cosine, ev.residual, ev.traceValue, ev.traceTarget]);
    if (ev.values) addAll(ev.values);
    ev.snapshots.forEach((snap) => addAll(snap.values));
  }
  if (ev.type === 'weights') addAll(ev.backward);
  if (ev.type === 'labConfigured') addAll([ev.data.points, ev.data.labels, ev.data.isTest]);
  if (ev.type === 'labEval') {
    const e = ev.evaluation;
    addAll([...(e.boundary ?? []), ...(e.confusion ?? []), ...(e.misclassified ?? []).map((m) => m.pixels)]);
  }
  if (ev.type === 'labSample') addAll([ev.sample.pixels, ev.sample.updateAr, ev.sample.updateBp]);
  if (ev.type === 'labCheckpoint') addAll(ev.params);
  return out;
}

// What the run loop streams for the timeline, the network view and the inspector (cpu backend, Node):
// the step-0 state, W and B, f′ and x̄ on configure; every step's state at human speeds; the backward
// weights again when feedback changes; update angles that vanish at the fixed point.

import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/protocol';
import { harness } from './loopHarness';

type Batch = EventOf<'batch'>;

async function configured(seed = 1) {
  const h = harness();
  h.send({ type: 'forceBackend', backend: 'cpu' });
  h.send({ type: 'configure', preset: 'small', data: 'random', seed });
  const conf = await h.waitFor('configured');
  await h.waitFor('status', (e) => e.state === 'paused' && e.run === conf.run);
  return { h, conf };
}

/** Steps whose full state reached the page (snapshots and values of every batch of the run). */
function statesSent(batches: Batch[]): number[] {
  return batches.flatMap((b) => [...b.snapshots.map((s) => s.step), ...(b.values ? [b.step] : [])]);
}

const batchesOf = (events: unknown[], run: number) =>
  events.filter((e): e is Batch => (e as Batch).type === 'batch' && (e as Batch).run === run);

describe('configured event', () => {
  it('carries the step-0 state (= x̄), W, B = Wᵀ, f′ and the update angles', async () => {
    const { conf } = await configured();
    const [n0, n1] = [conf.inputSize, conf.layerSizes[0]];
    // Hidden layers start at the feedforward values; the output is clamped to e_L = ∂Loss/∂x_L.
    for (const l of conf.hidden) expect(Array.from(conf.values[l])).toEqual(Array.from(conf.feedforward[l]));
    const out = conf.layerSizes.length - 1;
    conf.values[out].forEach((e, i) => expect(e).toBeCloseTo(conf.reference[out][i], 4));
    // B_1 = W_1ᵀ: B[j][i] = W[i][j].
    const { w, backward, feedback } = conf.weights;
    expect(feedback).toBe('exact');
    for (let i = 0; i < n0; i++)
      for (let j = 0; j < n1; j++) expect(backward[0]![j * n0 + i]).toBe(w[0]![i * n1 + j]);
    // tanh hidden layers: f′ = 1 − x̄²; the linear output has none.
    conf.derivative[0]!.forEach((d, i) => expect(d).toBeCloseTo(1 - conf.feedforward[0][i] ** 2, 5));
    expect(conf.derivative[out]).toBeNull();
    expect(conf.updateAngles).toHaveLength(conf.layerSizes.length);
  });
});

describe('states for the timeline', () => {
  it('sends the state of every step of Step(n)', async () => {
    const { h, conf } = await configured();
    h.send({ type: 'step', n: 7 });
    await h.waitFor('status', (e) => e.state === 'paused' && e.step === 7);
    await new Promise((r) => setTimeout(r, 100));
    expect(statesSent(batchesOf(h.events, conf.run))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('sends the state of every step at 30 steps/s, and the step-0 state again after a reset', async () => {
    const { h, conf } = await configured();
    h.send({ type: 'setOptions', options: { speed: 30 } });
    h.send({ type: 'play' });
    await new Promise((r) => setTimeout(r, 900));
    h.send({ type: 'pause' });
    const paused = await h.waitFor('status', (e) => e.state === 'paused' && e.step > 0);
    await new Promise((r) => setTimeout(r, 100));
    const steps = statesSent(batchesOf(h.events, conf.run));
    expect(paused.step).toBeGreaterThan(10);
    expect(steps).toEqual(Array.from({ length: paused.step }, (_, i) => i + 1));

    h.send({ type: 'reset' });
    const reset = await h.waitFor('batch', (b) => b.run > conf.run);
    expect(reset.step).toBe(0);
    for (const l of conf.hidden)
      expect(Array.from(reset.values![l])).toEqual(Array.from(conf.feedforward[l]));
  });
});

describe('weights and update angles', () => {
  it('posts the backward weights in force when feedback changes', async () => {
    const { h, conf } = await configured();
    h.send({ type: 'setOptions', options: { feedback: 'random' } });
    const ev = await h.waitFor('weights');
    expect(ev.feedback).toBe('random');
    expect(ev.backward).toHaveLength(conf.layerSizes.length);
    expect(ev.backward[0]).toHaveLength(conf.weights.backward[0]!.length);
    expect(Array.from(ev.backward[0]!)).not.toEqual(Array.from(conf.weights.backward[0]!));
    h.send({ type: 'setOptions', options: { eta: 0.2 } });
    await h.waitFor('status', (e) => e.options.eta === 0.2);
    expect(h.events.filter((e) => e.type === 'weights')).toHaveLength(1);
  });

  it("carries AR's and backprop's update angle, which vanishes at the fixed point (exact transport)", async () => {
    const { h, conf } = await configured();
    expect(conf.updateAngles.some((a) => a > 0.01)).toBe(true);
    h.send({ type: 'setOptions', options: { speed: 'max', tolerance: 1e-6 } });
    h.send({ type: 'play' });
    await h.waitFor('status', (e) => e.state === 'converged');
    const withAngles = batchesOf(h.events, conf.run).filter((b) => b.updateAngles);
    const last = withAngles.at(-1)!.updateAngles!;
    expect(last).toHaveLength(conf.layerSizes.length);
    last.forEach((a) => expect(a).toBeLessThan(1e-2));
  });
});

// The inspector's arithmetic against a hand-computed 2 → 3 → 2 example.

import { describe, expect, it } from 'vitest';
import { explainUnit, type ExplainInput } from '../../src/ui/panels/inspectorMath';

// Layer 0 (hidden) has 3 units, layer 1 (output) 2; batch of 2 items.
const input = (over: Partial<ExplainInput> = {}): ExplainInput => ({
  layerSizes: [3, 2],
  selected: { layer: 0, item: 1, unit: 2 },
  values: [Float32Array.from([0, 0, 0, 0.1, 0.2, 0.3]), Float32Array.from([9, 9, 0.5, -2])],
  reference: [Float32Array.from([0, 0, 0, 0, 0, 0.25]), Float32Array.from([9, 9, 0.5, -2])],
  // B_1 is n_1 × n_0 = 2 × 3: B[j][i].
  backward: [null, Float32Array.from([1, 2, 3, 4, 5, 6])],
  derivative: [null, Float32Array.from([1, 1, 0.5, 0.25])],
  feedforward: [Float32Array.from([0, 0, 0, 0.1, 0.2, 0.35]), Float32Array.from([0, 0, 0, 0])],
  eta: 0.1,
  fprime: true,
  ...over,
});

describe('explainUnit', () => {
  it('sums B_ji v_j f′_j over the layer above, largest terms first', () => {
    const e = explainUnit(input());
    expect(e?.kind).toBe('hidden');
    if (e?.kind !== 'hidden') return;
    // unit 2: B[0][2] = 3, B[1][2] = 6; item 1: v = (0.5, −2), f′ = (0.5, 0.25).
    expect(e.terms.map((t) => t.j)).toEqual([1, 0]);
    expect(e.terms[0].product).toBeCloseTo(6 * -2 * 0.25);
    expect(e.terms[1].product).toBeCloseTo(3 * 0.5 * 0.5);
    expect(e.target).toBeCloseTo(-3 + 0.75);
    expect(e.v).toBeCloseTo(0.3);
    expect(e.stepChange).toBeCloseTo(0.1 * (-2.25 - 0.3));
    expect(e.g).toBeCloseTo(0.25);
    expect(e.diff).toBeCloseTo(0.05);
    expect(e.feedforward).toBeCloseTo(0.35);
    expect(e.rest).toEqual({ count: 0, sum: 0 });
  });

  it('lists the top terms and sums the rest', () => {
    const e = explainUnit(input({ top: 1 }));
    if (e?.kind !== 'hidden') throw new Error('hidden expected');
    expect(e.terms).toHaveLength(1);
    expect(e.rest.count).toBe(1);
    expect(e.terms[0].product + e.rest.sum).toBeCloseTo(e.target);
  });

  it('uses f′ = 1 when the nonlinear derivative is off', () => {
    const e = explainUnit(input({ fprime: false }));
    if (e?.kind !== 'hidden') throw new Error('hidden expected');
    expect(e.target).toBeCloseTo(3 * 0.5 + 6 * -2);
    expect(e.terms.every((t) => t.d === 1)).toBe(true);
  });

  it('reports the output layer as clamped', () => {
    const e = explainUnit(input({ selected: { layer: 1, item: 1, unit: 1 } }));
    expect(e).toMatchObject({ kind: 'output', v: -2, g: -2, diff: 0 });
  });

  it('returns null when the arrays do not fit the selection', () => {
    expect(explainUnit(input({ selected: { layer: 2, item: 0, unit: 0 } }))).toBeNull();
    expect(explainUnit(input({ backward: null }))).toBeNull();
    expect(explainUnit(input({ values: [new Float32Array(6)] }))).toBeNull();
  });
});

describe('explainUnit on a graph (against the engine)', () => {
  it('sums a dense child and a skip (add) child: the local target the engine relaxes toward', async () => {
    const tf = await import('@tensorflow/tfjs');
    const { Network, Relaxation } = await import('../../src/engine');
    const { buildPreset } = await import('../../src/worker/presets');
    await tf.setBackend('cpu');
    const p = await buildPreset('residual', 'spiral', 3, '');
    const net = Network.create(p.spec);
    const x = tf.tensor(p.x, [p.batchSize, ...p.inputShape]);
    const y = tf.tensor2d(p.y, [p.batchSize, p.classes]);
    const relax = new Relaxation(net, x, y, { eta: 0.1 });
    const point = { layer: 0, item: 2, unit: 5 }; // h1 feeds h2 (dense) and skip (add)
    relax.run(6, { record: false });
    const values = relax.values().map((t) => t.dataSync() as Float32Array);
    const target = relax.run(1, { record: true, trace: [point] }).record!.traceTarget[0];
    const graph = net.graph.layers.map((l) => ({ op: l.spec.op, parents: l.parents }));
    const dense = (i: number) => net.graph.layers[i].spec.op === 'dense';
    const e = explainUnit({
      layerSizes: net.graph.layers.map((l) => l.outShape.reduce((a, b) => a * b, 1)),
      selected: point,
      values,
      reference: null,
      backward: graph.map((_, i) =>
        dense(i) ? (net.backward(i, 'exact')!.dataSync() as Float32Array) : null,
      ),
      derivative: graph.map((_, i) => (relax.frozenDerivative(i)?.dataSync() as Float32Array) ?? null),
      feedforward: null,
      eta: 0.1,
      fprime: true,
      graph,
      top: 3,
    });
    if (e?.kind !== 'hidden') throw new Error(`hidden expected, got ${e?.kind}`);
    expect(e.children).toEqual([1, 2]);
    expect(e.count).toBe(12 + 1);
    expect(e.target).toBeCloseTo(target, 5);
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });

  it('says a convolution or pooling child is computed in the worker', () => {
    const e = explainUnit(
      input({
        graph: [
          { op: 'conv2d', parents: [-1] },
          { op: 'maxPool', parents: [0] },
        ],
      }),
    );
    expect(e).toMatchObject({ kind: 'opaque', children: [1], ops: ['maxPool'] });
  });
});

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

// The fields added for the timeline, the network view and the inspector: weights, f′, feedforward values,
// the step-0 state, per-step snapshots, update angles and the 'weights' event. Malformed ones are refused.

import { describe, expect, it } from 'vitest';
import { event, parseEvent, transferables, type WorkerEvent } from '../../src/protocol';
import { batch, configured, stateAt } from './eventFixtures';

const rejects = (data: unknown, pattern: RegExp) => {
  const r = parseEvent(data);
  expect(r.ok).toBe(false);
  expect((r as { reason: string }).reason).toMatch(pattern);
};

describe('configured: weights, f′, feedforward, step-0 state, angles', () => {
  it('accepts the well-formed event and lists every buffer for transfer', () => {
    const ev = configured();
    expect(parseEvent(ev).ok).toBe(true);
    // 2 reference + 2 w + 2 backward + 1 derivative (1 null) + 2 feedforward + 2 values
    expect(transferables(ev)).toHaveLength(11);
  });

  it('refuses missing or mistyped new fields', () => {
    const { weights: _w, ...noWeights } = configured();
    rejects(noWeights, /configured\.weights is missing/);
    rejects(
      configured({ weights: { ...configured().weights, feedback: 'transport' } }),
      /feedback must be one of/,
    );
    rejects(configured({ weights: { ...configured().weights, extra: 1 } }), /extra is not a known field/);
    rejects(
      configured({ weights: { ...configured().weights, w: [new Float64Array(32), new Float32Array(24)] } }),
      /weights\.w\[0\] must be a Float32Array/,
    );
    rejects(configured({ derivative: [[0.9], null] }), /derivative\[0\] must be a Float32Array/);
    rejects(
      configured({ feedforward: [new Float32Array(16), null] }),
      /feedforward\[1\] must be a Float32Array/,
    );
    rejects(configured({ values: 'zeros' }), /values must be an array/);
    rejects(configured({ updateAngles: [NaN, 0] }), /updateAngles\[0\] must be a finite number/);
    rejects(configured({ updateAngles: [4, 0] }), /updateAngles\[0\] must be at most/);
  });

  it('refuses arrays of the wrong size or count', () => {
    const w = configured().weights;
    rejects(
      configured({ weights: { ...w, w: [new Float32Array(31), w.w[1]] } }),
      /weights\.w\[0\] must hold 32/,
    );
    rejects(
      configured({ weights: { ...w, backward: [w.backward[0], new Float32Array(25)] } }),
      /weights\.backward\[1\] must hold 24/,
    );
    rejects(configured({ weights: { ...w, backward: [null, w.backward[1]] } }), /null exactly where/);
    rejects(configured({ weights: { ...w, w: [w.w[0]] } }), /one entry per layer/);
    rejects(configured({ derivative: [new Float32Array(15), null] }), /derivative\[0\] must hold 2 × 8/);
    rejects(configured({ values: [new Float32Array(16)] }), /values must hold one entry per layer/);
    rejects(configured({ feedforward: [new Float32Array(16), new Float32Array(7)] }), /feedforward\[1\]/);
    rejects(configured({ updateAngles: [0, 0, 0] }), /more entries than weighted layers/);
  });
});

describe('batch: snapshots and update angles', () => {
  it('accepts earlier states and angles, or none', () => {
    expect(parseEvent(batch(1, 3, { snapshots: [stateAt(1), stateAt(2)], updateAngles: [0.1, 3] })).ok).toBe(
      true,
    );
    expect(parseEvent(batch(1, 3)).ok).toBe(true);
    const ev = batch(1, 3, { snapshots: [stateAt(1), stateAt(2)] });
    expect(transferables(ev)).toHaveLength(7 + 2 + 4); // series, values, 2 snapshots × 2 layers
  });

  it('refuses malformed snapshots', () => {
    rejects(batch(1, 3, { snapshots: {} }), /snapshots must be an array/);
    rejects(batch(1, 3, { snapshots: [{ step: 1 }] }), /snapshots\[0\]\.values is missing/);
    rejects(batch(1, 3, { snapshots: [{ ...stateAt(1), extra: true }] }), /extra is not a known field/);
    rejects(batch(1, 3, { snapshots: [{ step: -1, values: stateAt(1).values }] }), /step must be at least 0/);
    rejects(batch(1, 3, { snapshots: [stateAt(2), stateAt(1)] }), /snapshots\[0\]\.step must be before/);
    rejects(batch(1, 3, { snapshots: [stateAt(3)] }), /must be before the next state/);
    rejects(batch(1, 3, { snapshots: [stateAt(1)], values: null }), /need the newest state in values/);
    rejects(
      batch(1, 3, { snapshots: [{ step: 1, values: [new Float32Array(16), new Float32Array(5)] }] }),
      /must have the shape of values/,
    );
    const many = Array.from({ length: 65 }, (_, i) => stateAt(i));
    rejects(batch(1, 100, { snapshots: many }), /at most 64/);
  });

  it('refuses malformed update angles', () => {
    const { updateAngles: _a, ...missing } = batch(1, 3);
    rejects(missing, /batch\.updateAngles is missing/);
    rejects(batch(1, 3, { updateAngles: [Infinity] }), /updateAngles\[0\] must be a finite number/);
    rejects(batch(1, 3, { updateAngles: [-0.1] }), /at least 0/);
    rejects(batch(1, 3, { updateAngles: 0.5 }), /updateAngles must be an array/);
  });
});

describe("the 'weights' event", () => {
  const weights = (over: Record<string, unknown> = {}) => ({
    ...(event({
      type: 'weights',
      run: 1,
      feedback: 'random',
      backward: [new Float32Array(32), new Float32Array(24)],
    }) as object),
    ...over,
  });

  it('accepts new backward weights and transfers them', () => {
    expect(parseEvent(weights()).ok).toBe(true);
    expect(parseEvent(weights({ backward: [null, new Float32Array(3)] })).ok).toBe(true);
    expect(transferables(weights() as WorkerEvent)).toHaveLength(2);
  });

  it('refuses malformed ones', () => {
    rejects(weights({ feedback: 'psi' }), /feedback must be one of/);
    rejects(weights({ backward: [] }), /at least 1/);
    rejects(weights({ backward: [[1, 2]] }), /backward\[0\] must be a Float32Array/);
    rejects(weights({ run: -1 }), /run must be at least 0/);
  });
});

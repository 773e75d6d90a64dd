import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, event, PROTOCOL_VERSION, type EventOf, type TracePoint } from '../../src/protocol';
import {
  createArStore,
  RingBuffer,
  selectCurrentRelErrors,
  selectHiddenLayers,
  selectLatest,
  selectSeries,
  selectStatusText,
  Trajectories,
} from '../../src/store';

/** A batch of `rows` steps starting after `from`, H layers, with relError = 1 / step for layer k = 0. */
function batchEvent(
  run: number,
  from: number,
  rows: number,
  H = 3,
  traces: TracePoint[] = [],
): EventOf<'batch'> {
  const stepIndex = Int32Array.from({ length: rows }, (_, r) => from + r + 1);
  const metric = (f: (step: number, k: number) => number) => {
    const a = new Float32Array(rows * H);
    for (let r = 0; r < rows; r++) for (let k = 0; k < H; k++) a[r * H + k] = f(stepIndex[r], k);
    return a;
  };
  const T = traces.length;
  return {
    v: PROTOCOL_VERSION,
    type: 'batch',
    seq: 1,
    run,
    step: from + rows,
    layers: H,
    stepIndex,
    relError: metric((s, k) => (k + 1) / s),
    sqError: metric((s) => 2 / s),
    cosine: metric(() => 0.5),
    residual: metric((s) => 3 / s),
    traces,
    traceValue: Float32Array.from({ length: rows * T }, (_, i) => i),
    traceTarget: Float32Array.from({ length: rows * T }, (_, i) => -i),
    values: null,
    snapshots: [],
    updateAngles: null,
    diag: { stepsPerSecond: 1000, recordEvery: 1, numTensors: 40, merged: 0 },
  };
}

const configuredEvent = (run = 1): EventOf<'configured'> =>
  event({
    type: 'configured',
    run,
    preset: 'small',
    data: 'random',
    seed: 1,
    layerIds: ['layer1', 'layer2', 'layer3', 'layer4'],
    layerSizes: [8, 8, 8, 3],
    inputSize: 4,
    hidden: [0, 1, 2],
    batchSize: 16,
    loss: 70,
    reference: [new Float32Array(128), new Float32Array(128), new Float32Array(128), new Float32Array(48)],
    weights: {
      w: [new Float32Array(32), new Float32Array(64), new Float32Array(64), new Float32Array(24)],
      backward: [new Float32Array(32), new Float32Array(64), new Float32Array(64), new Float32Array(24)],
      feedback: 'exact',
    },
    derivative: [new Float32Array(128), new Float32Array(128), new Float32Array(128), null],
    feedforward: layerArrays(0.5),
    values: layerArrays(0.5),
    updateAngles: [0.1, 0.2, 0.3, 0.4],
    note: '',
    summary: 'test net',
    inputShape: [4],
    graph: [8, 8, 8, 3].map((n, i) => ({ op: 'dense', shape: [n], parents: [i - 1], activation: 'tanh' })),
  }) as EventOf<'configured'>;

/** One array per layer of the 8-8-8-3 net, batch 16, filled with x. */
function layerArrays(x: number): Float32Array[] {
  return [8, 8, 8, 3].map((n) => new Float32Array(16 * n).fill(x));
}

describe('RingBuffer', () => {
  it('keeps order before wrap-around', () => {
    const b = new RingBuffer(4);
    [1, 2, 3].forEach((x) => b.push(x));
    expect(b.length).toBe(3);
    expect(Array.from(b.toArray())).toEqual([1, 2, 3]);
    expect(b.get(0)).toBe(1);
    expect(b.last()).toBe(3);
  });

  it('keeps its capacity and the newest values, oldest first, after wrap-around', () => {
    const b = new RingBuffer(4);
    for (let x = 1; x <= 11; x++) b.push(x);
    expect(b.length).toBe(4);
    expect(b.capacity).toBe(4);
    expect(b.total).toBe(11);
    expect(Array.from(b.toArray())).toEqual([8, 9, 10, 11]);
    expect([0, 1, 2, 3].map((i) => b.get(i))).toEqual([8, 9, 10, 11]);
    expect(b.last()).toBe(11);
    expect(() => b.get(4)).toThrow(RangeError);
  });

  it('pushes strided columns and clears', () => {
    const b = new RingBuffer(3, 'f32');
    b.pushStrided([1, 10, 2, 20, 3, 30, 4, 40], 1, 2, 4);
    expect(Array.from(b.toArray())).toEqual([20, 30, 40]);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.last()).toBeUndefined();
    expect(() => new RingBuffer(0)).toThrow();
  });
});

describe('Trajectories', () => {
  it('splits a step-major batch into per-layer series', () => {
    const t = new Trajectories(100, 3);
    t.append(batchEvent(1, 0, 5));
    expect(Array.from(t.steps.toArray())).toEqual([1, 2, 3, 4, 5]);
    expect(t.metrics.relError[1].get(0)).toBeCloseTo(2);
    expect(t.metrics.relError[2].last()).toBeCloseTo(3 / 5);
    expect(t.metrics.residual[0].last()).toBeCloseTo(3 / 5);
  });

  it('stays the same size over 100,000 steps (memory is flat)', () => {
    const t = new Trajectories(20_000, 3);
    const traces = [{ layer: 0, item: 0, unit: 0 }];
    t.append(batchEvent(1, 0, 100, 3, traces));
    const bytes = t.byteLength;
    for (let from = 100; from < 100_000; from += 100) t.append(batchEvent(1, from, 100, 3, traces));
    expect(t.byteLength).toBe(bytes);
    expect(t.steps.length).toBe(20_000);
    expect(t.steps.total).toBe(100_000);
    expect(t.steps.get(0)).toBe(80_001);
    expect(t.steps.last()).toBe(100_000);
    for (const b of [...t.metrics.relError, ...t.traceValue]) expect(b.length).toBe(20_000);
  });

  it('restarts the trace series when the traced units change, keeping the metrics', () => {
    const t = new Trajectories(100, 3);
    t.append(batchEvent(1, 0, 4, 3, [{ layer: 0, item: 0, unit: 0 }]));
    t.append(batchEvent(1, 4, 2, 3, [{ layer: 1, item: 0, unit: 2 }]));
    expect(t.steps.length).toBe(6);
    expect(t.traceSteps.length).toBe(2);
    expect(t.traces).toEqual([{ layer: 1, item: 0, unit: 2 }]);
    expect(Array.from(t.traceValue[0].toArray())).toEqual([0, 1]);
  });
});

describe('store', () => {
  it('applies configured, batch and status events and exposes them through selectors', () => {
    const store = createArStore(1000);
    const s = () => store.getState();
    expect(selectHiddenLayers(s())).toEqual([]);
    s().applyEvent(configuredEvent());
    expect(selectHiddenLayers(s()).map((l) => l.name)).toEqual(['Layer 1', 'Layer 2', 'Layer 3']);
    expect(selectCurrentRelErrors(s())).toEqual([null, null, null]);
    const v0 = s().version;
    s().applyEvent(batchEvent(1, 0, 10));
    expect(s().version).toBe(v0 + 1);
    expect(s().run.step).toBe(10);
    const rel = selectCurrentRelErrors(s());
    expect(rel[0]).toBeCloseTo(0.1);
    expect(rel[2]).toBeCloseTo(0.3);
    expect(selectLatest(s(), 'cosine')).toEqual([0.5, 0.5, 0.5]);
    const series = selectSeries(s(), 'relError', 0);
    expect(Array.from(series.steps)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(series.values[9]).toBeCloseTo(0.1);
    s().applyEvent(
      event({
        type: 'status',
        run: 1,
        state: 'converged',
        step: 10,
        message: 'Converged at step 10.',
        options: DEFAULT_OPTIONS,
      }),
    );
    expect(selectStatusText(s())).toBe('Converged at step 10.');
  });

  it('drops batches from an older run and clears the trajectories for a newer one', () => {
    const store = createArStore(1000);
    const s = () => store.getState();
    s().applyEvent(configuredEvent(1));
    s().applyEvent(batchEvent(1, 0, 10));
    s().applyEvent(
      event({ type: 'status', run: 2, state: 'paused', step: 0, message: '', options: DEFAULT_OPTIONS }),
    );
    expect(s().traj.steps.length).toBe(0);
    expect(s().run.step).toBe(0);
    s().applyEvent(batchEvent(1, 10, 5)); // a straggler posted before the reset
    expect(s().traj.steps.length).toBe(0);
    expect(s().run.step).toBe(0);
    s().applyEvent(batchEvent(2, 0, 3));
    expect(s().traj.steps.length).toBe(3);
  });

  it('never reports NaN as a current value', () => {
    const store = createArStore(100);
    store.getState().applyEvent(configuredEvent());
    const b = batchEvent(1, 0, 1);
    b.relError[0] = NaN;
    store.getState().applyEvent(b);
    expect(selectCurrentRelErrors(store.getState())[0]).toBeNull();
  });

  it('adopts the options in force after the worker refuses one', () => {
    const store = createArStore(100);
    const s = () => store.getState();
    s().setOptions({ eta: 3 });
    s().applyEvent(
      event({ type: 'error', code: 'invalid-option', message: 'η = 3 is unstable', fatal: false }),
    );
    expect(selectStatusText({ ...s(), run: { ...s().run, state: 'paused' } })).toMatch(/invalid-option/);
    s().applyEvent(
      event({ type: 'status', run: 0, state: 'paused', step: 0, message: '', options: DEFAULT_OPTIONS }),
    );
    expect(s().config.options.eta).toBe(DEFAULT_OPTIONS.eta);
  });

  it('keeps memory flat across 100,000 steps of batches', () => {
    const store = createArStore(20_000);
    const s = () => store.getState();
    s().applyEvent(configuredEvent());
    s().applyEvent(batchEvent(1, 0, 500));
    const bytes = s().traj.byteLength;
    for (let from = 500; from < 100_000; from += 500) s().applyEvent(batchEvent(1, from, 500));
    expect(s().run.step).toBe(100_000);
    expect(s().traj.byteLength).toBe(bytes);
    expect(s().traj.steps.length).toBe(20_000);
    expect(s().traj.metrics.relError.every((b) => b.length === 20_000 && b.capacity === 20_000)).toBe(true);
  });
});

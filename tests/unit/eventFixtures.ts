// Well-formed worker events for a small 4 → 8 → 3 net (batch 2), for protocol and store tests.

import { event, type EventOf } from '../../src/protocol';

export const SIZES = [8, 3];
export const BATCH = 2;
export const INPUT = 4;

const perLayer = (x: number) => SIZES.map((n) => new Float32Array(BATCH * n).fill(x));

export function configured(overrides: Record<string, unknown> = {}): EventOf<'configured'> {
  return {
    ...(event({
      type: 'configured',
      run: 1,
      preset: 'small',
      data: 'random',
      seed: 1,
      layerIds: ['layer1', 'layer2'],
      layerSizes: SIZES,
      inputSize: INPUT,
      hidden: [0],
      batchSize: BATCH,
      loss: 1.5,
      reference: perLayer(-1),
      weights: {
        w: [new Float32Array(INPUT * 8).fill(0.1), new Float32Array(8 * 3).fill(0.2)],
        backward: [new Float32Array(8 * INPUT).fill(0.1), new Float32Array(3 * 8).fill(0.2)],
        feedback: 'exact',
      },
      derivative: [new Float32Array(BATCH * 8).fill(0.9), null],
      feedforward: perLayer(0.5),
      values: perLayer(0.5),
      updateAngles: [0.25, 0.5],
      note: '',
      summary: 'test net',
      inputShape: [INPUT],
      graph: SIZES.map((n, i) => ({ op: 'dense', shape: [n], parents: [i - 1], activation: 'tanh' })),
    }) as EventOf<'configured'>),
    ...overrides,
  } as EventOf<'configured'>;
}

/** A batch after `step` carrying the state at `step` (filled with `step`) and earlier `snapshots`. */
export function batch(run: number, step: number, overrides: Record<string, unknown> = {}): EventOf<'batch'> {
  return {
    ...(event({
      type: 'batch',
      seq: 1,
      run,
      step,
      layers: 1,
      stepIndex: Int32Array.from([step]),
      relError: new Float32Array(1),
      sqError: new Float32Array(1),
      cosine: new Float32Array(1),
      residual: new Float32Array(1),
      traces: [],
      traceValue: new Float32Array(0),
      traceTarget: new Float32Array(0),
      values: perLayer(step),
      snapshots: [],
      updateAngles: null,
      diag: { stepsPerSecond: 30, recordEvery: 1, numTensors: 10, merged: 0 },
    }) as EventOf<'batch'>),
    ...overrides,
  } as EventOf<'batch'>;
}

export const stateAt = (step: number) => ({ step, values: perLayer(step) });

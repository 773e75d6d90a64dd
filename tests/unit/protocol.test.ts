import { describe, expect, it } from 'vitest';
import {
  command,
  DEFAULT_OPTIONS,
  event,
  FAULT_CONFIRM,
  parseCommand,
  parseEvent,
  PROTOCOL_VERSION,
  transferables,
  type CommandBody,
  type EventBody,
  type WorkerEvent,
} from '../../src/protocol';

const rejects = (r: { ok: boolean; reason?: string }, pattern: RegExp) => {
  expect(r.ok).toBe(false);
  expect((r as { reason: string }).reason).toMatch(pattern);
};

function batch(overrides: Partial<Record<string, unknown>> = {}): unknown {
  const rows = 2;
  const H = 3;
  return {
    v: PROTOCOL_VERSION,
    type: 'batch',
    seq: 1,
    run: 1,
    step: 2,
    layers: H,
    stepIndex: Int32Array.from([1, 2]),
    relError: new Float32Array(rows * H),
    sqError: new Float32Array(rows * H),
    cosine: new Float32Array(rows * H),
    residual: new Float32Array(rows * H),
    traces: [{ layer: 0, item: 0, unit: 0 }],
    traceValue: new Float32Array(rows),
    traceTarget: new Float32Array(rows),
    values: [new Float32Array(4)],
    snapshots: [{ step: 1, values: [new Float32Array(4)] }],
    updateAngles: [0.5, 1],
    diag: { stepsPerSecond: 100, recordEvery: 1, numTensors: 10, merged: 0 },
    ...overrides,
  };
}

function configured(overrides: Partial<Record<string, unknown>> = {}): unknown {
  return {
    ...event({
      type: 'configured',
      run: 1,
      preset: 'small',
      data: 'random',
      seed: 1,
      layerIds: ['layer1', 'layer2'],
      layerSizes: [8, 3],
      inputSize: 4,
      hidden: [0],
      batchSize: 2,
      loss: 1.5,
      reference: [new Float32Array(16), new Float32Array(6)],
      weights: {
        w: [new Float32Array(32), new Float32Array(24)],
        backward: [new Float32Array(32), new Float32Array(24)],
        feedback: 'exact',
      },
      derivative: [new Float32Array(16), null],
      feedforward: [new Float32Array(16), new Float32Array(6)],
      values: [new Float32Array(16), new Float32Array(6)],
      updateAngles: [0.25, 0.5],
      note: '',
      summary: 'test net',
      inputShape: [4],
      graph: [8, 3].map((n, i) => ({ op: 'dense', shape: [n], parents: [i - 1], activation: 'tanh' })),
    }),
    ...overrides,
  };
}

describe('commands', () => {
  it('accepts every well-formed command', () => {
    const bodies: CommandBody[] = [
      { type: 'configure', preset: 'mnist', data: 'mnist', seed: 3 },
      { type: 'play' },
      { type: 'pause' },
      { type: 'step', n: 10 },
      { type: 'reset' },
      { type: 'setOptions', options: { eta: 0.5, speed: 'max', fprime: false } },
      { type: 'setOptions', options: DEFAULT_OPTIONS },
      { type: 'selectTraces', traces: [{ layer: 1, item: 2, unit: 3 }] },
      { type: 'forceBackend', backend: 'webgl' },
      { type: 'ack', seq: 7 },
      { type: '__fault', kind: 'crash', confirm: FAULT_CONFIRM },
    ];
    for (const b of bodies) expect(parseCommand(command(b)), b.type).toEqual({ ok: true, value: command(b) });
  });

  it('rejects non-objects, unknown versions and unknown types', () => {
    rejects(parseCommand('play'), /must be an object/);
    rejects(parseCommand(null), /must be an object/);
    rejects(parseCommand([1]), /must be an object/);
    rejects(parseCommand({ type: 'play' }), /protocol version undefined/);
    rejects(parseCommand({ v: PROTOCOL_VERSION + 1, type: 'play' }), /protocol version 3, expected 2/);
    rejects(parseCommand({ v: PROTOCOL_VERSION, type: 'jump' }), /unknown type "jump"/);
    rejects(parseCommand({ v: PROTOCOL_VERSION }), /unknown type undefined/);
  });

  it('rejects missing fields and wrong field types', () => {
    rejects(parseCommand({ v: 2, type: 'step' }), /step\.n is missing/);
    rejects(parseCommand({ v: 2, type: 'step', n: '3' }), /step\.n must be a finite number/);
    rejects(parseCommand({ v: 2, type: 'step', n: 0 }), /at least 1/);
    rejects(parseCommand({ v: 2, type: 'step', n: 1.5 }), /whole number/);
    rejects(parseCommand({ v: 2, type: 'step', n: NaN }), /finite number/);
    rejects(
      parseCommand({ v: 2, type: 'configure', preset: 'huge', data: 'random', seed: 1 }),
      /preset must be one of/,
    );
    rejects(parseCommand({ v: 2, type: 'configure', preset: 'small', data: 'random' }), /seed is missing/);
    rejects(parseCommand({ v: 2, type: 'forceBackend', backend: 'webgpu' }), /backend must be one of/);
    rejects(parseCommand({ v: 2, type: 'ack', seq: -1 }), /at least 0/);
  });

  it('checks options one by one and refuses unknown ones', () => {
    rejects(parseCommand(command({ type: 'setOptions', options: { eta: -1 } })), /eta must be above 0/);
    rejects(
      parseCommand(command({ type: 'setOptions', options: { eta: Infinity } })),
      /eta must be a finite number/,
    );
    rejects(parseCommand(command({ type: 'setOptions', options: { speed: 0 } })), /speed/);
    rejects(parseCommand({ v: 2, type: 'setOptions', options: { speed: 'fast' } }), /speed/);
    rejects(
      parseCommand({ v: 2, type: 'setOptions', options: { fprime: 'yes' } }),
      /fprime must be true or false/,
    );
    rejects(
      parseCommand({ v: 2, type: 'setOptions', options: { feedback: 'transpose' } }),
      /feedback must be one of/,
    );
    rejects(parseCommand({ v: 2, type: 'setOptions', options: { etaa: 0.1 } }), /etaa is not a known field/);
    rejects(parseCommand({ v: 2, type: 'setOptions', options: [0.1] }), /must be an object/);
  });

  it('validates traces', () => {
    rejects(parseCommand({ v: 2, type: 'selectTraces', traces: {} }), /must be an array/);
    rejects(
      parseCommand({ v: 2, type: 'selectTraces', traces: [{ layer: 0, item: 0 }] }),
      /traces\[0\]\.unit is missing/,
    );
    rejects(
      parseCommand({ v: 2, type: 'selectTraces', traces: [{ layer: -1, item: 0, unit: 0 }] }),
      /layer must be at least 0/,
    );
    const many = Array.from({ length: 17 }, () => ({ layer: 0, item: 0, unit: 0 }));
    rejects(parseCommand({ v: 2, type: 'selectTraces', traces: many }), /at most 16/);
  });

  it('refuses a fault without the confirmation phrase', () => {
    rejects(parseCommand({ v: 2, type: '__fault', kind: 'crash' }), /confirm is missing/);
    rejects(parseCommand({ v: 2, type: '__fault', kind: 'crash', confirm: 'yes' }), /confirm must be one of/);
    rejects(
      parseCommand({ v: 2, type: '__fault', kind: 'explode', confirm: FAULT_CONFIRM }),
      /kind must be one of/,
    );
  });
});

describe('events', () => {
  it('accepts well-formed events of every type', () => {
    const bodies: EventBody[] = [
      {
        type: 'ready',
        backend: 'wasm',
        renderer: 'SwiftShader',
        software: true,
        detail: 'WebAssembly',
        version: 1,
        tfjs: '4.22.0',
      },
      { type: 'status', run: 1, state: 'running', step: 5, message: '', options: DEFAULT_OPTIONS },
      { type: 'error', code: 'invalid-option', message: 'bad η', fatal: false },
      {
        type: 'backendChanged',
        backend: 'cpu',
        renderer: '',
        software: false,
        detail: 'js',
        reason: 'forced',
      },
    ];
    for (const b of bodies) expect(parseEvent(event(b)).ok, b.type).toBe(true);
    expect(parseEvent(batch()).ok).toBe(true);
    expect(parseEvent(batch({ values: null, snapshots: [], updateAngles: null })).ok).toBe(true);
    expect(parseEvent(configured()).ok).toBe(true);
  });

  it('rejects wrong array types', () => {
    rejects(
      parseEvent(batch({ relError: new Float64Array(6) })),
      /relError must be a Float32Array, got Float64Array/,
    );
    rejects(
      parseEvent(batch({ relError: [0, 0, 0, 0, 0, 0] })),
      /relError must be a Float32Array, got an array/,
    );
    rejects(parseEvent(batch({ stepIndex: new Float32Array(2) })), /stepIndex must be an Int32Array/);
    rejects(parseEvent(batch({ values: [new Float64Array(4)] })), /values/);
    rejects(
      parseEvent(configured({ reference: [new Float32Array(16), [0, 0, 0, 0, 0, 0]] })),
      /reference\[1\] must be a Float32Array/,
    );
  });

  it('rejects inconsistent lengths', () => {
    rejects(parseEvent(batch({ cosine: new Float32Array(5) })), /cosine must hold 2 steps × 3 layers/);
    rejects(
      parseEvent(batch({ traceValue: new Float32Array(3) })),
      /traceValue must hold 2 steps × 1 traces/,
    );
    rejects(
      parseEvent(configured({ reference: [new Float32Array(16), new Float32Array(5)] })),
      /reference\[1\] must hold 2 × 3/,
    );
    rejects(parseEvent(configured({ layerIds: ['a'] })), /differ in length/);
    rejects(parseEvent(configured({ hidden: [1] })), /cannot relax/);
  });

  it('rejects missing fields, unknown codes and states, and other versions', () => {
    const b = batch() as Record<string, unknown>;
    delete b.diag;
    rejects(parseEvent(b), /batch\.diag is missing/);
    rejects(
      parseEvent(
        event({
          type: 'status',
          run: 1,
          state: 'sleeping' as never,
          step: 0,
          message: '',
          options: DEFAULT_OPTIONS,
        }),
      ),
      /state must be one of/,
    );
    rejects(
      parseEvent({
        ...(event({ type: 'error', code: 'internal', message: 'x', fatal: true }) as object),
        code: 'oops',
      }),
      /code must be one of/,
    );
    rejects(parseEvent({ ...(batch() as object), v: 0 }), /protocol version 0/);
    rejects(
      parseEvent({
        v: 2,
        type: 'status',
        run: 1,
        state: 'paused',
        step: 0,
        message: '',
        options: { eta: 0.1 },
      }),
      /options\.schedule is missing/,
    );
  });

  it('lists each buffer once for transfer', () => {
    const ev = batch() as WorkerEvent;
    const buffers = transferables(ev);
    expect(buffers).toHaveLength(9); // 7 series + 1 layer of values + 1 snapshot
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(transferables(event({ type: 'error', code: 'internal', message: '', fatal: false }))).toEqual([]);
  });
});

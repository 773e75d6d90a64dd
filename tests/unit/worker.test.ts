// The worker's run loop in Node on the cpu backend, driven through its command interface with a fake host
// (no browser): lifecycle, convergence, back-pressure and option errors. Plus its two small helpers.

import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/protocol';
import { Batcher, MAX_ROWS } from '../../src/worker/batcher';
import { MAX_IN_FLIGHT } from '../../src/worker/loop';
import { TickModel } from '../../src/worker/tickModel';
import type { StepRecord } from '../../src/engine';
import { harness } from './loopHarness';

function record(from: number, rows: number, layers = 2): StepRecord {
  const n = rows * layers;
  const seq = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    steps: rows,
    stepIndex: Int32Array.from({ length: rows }, (_, r) => from + r + 1),
    layers,
    sqError: seq((i) => i),
    relError: seq((i) => i),
    cosine: seq(() => 1),
    residual: seq((i) => i),
    traces: 0,
    traceValue: new Float64Array(0),
    traceTarget: new Float64Array(0),
  };
}

describe('Batcher', () => {
  it('merges ticks and hands them out once', () => {
    const b = new Batcher(2, 0);
    b.add(record(0, 3));
    b.add(record(3, 2));
    const out = b.take();
    expect(Array.from(out.stepIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(out.relError).toHaveLength(10);
    expect(out.merged).toBe(1);
    expect(b.rows).toBe(0);
  });

  it('thins instead of growing when nobody takes, always keeping the newest step', () => {
    const b = new Batcher(2, 0);
    for (let from = 0; from < 100_000; from += 1000) b.add(record(from, 1000));
    expect(b.rows).toBeLessThanOrEqual(MAX_ROWS);
    const out = b.take();
    expect(out.stepIndex.at(-1)).toBe(100_000);
    expect(out.relError).toHaveLength(out.stepIndex.length * 2);
    for (let i = 1; i < out.stepIndex.length; i++)
      expect(out.stepIndex[i]).toBeGreaterThan(out.stepIndex[i - 1]);
  });
});

describe('TickModel', () => {
  it('separates the per-tick overhead from the per-step cost, even from a poor prior', () => {
    const m = new TickModel();
    m.seed(5, 10); // truth: 30 ms overhead, 2 ms per step
    for (let i = 0; i < 40; i++) {
      const k = m.stepsFor(60, 1000);
      m.add(k, 30 + 2 * k);
    }
    expect(m.overhead).toBeCloseTo(30, 0);
    expect(m.perStep).toBeCloseTo(2, 1);
    expect(m.stepsFor(60, 1000)).toBeGreaterThanOrEqual(14);
  });
});

describe('RunLoop (cpu backend)', () => {
  it('configures, relaxes to convergence, steps and resets', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 1 });
    const ready = await h.waitFor('ready');
    expect(ready.backend).toBe('cpu');
    const conf = await h.waitFor('configured');
    expect(conf.layerSizes).toEqual([8, 8, 8, 3]);
    expect(conf.reference[0]).toHaveLength(16 * 8);
    await h.waitFor('status', (e) => e.state === 'paused' && e.run === conf.run);

    h.send({ type: 'setOptions', options: { speed: 'max' } });
    h.send({ type: 'play' });
    const done = await h.waitFor('status', (e) => e.state === 'converged');
    expect(done.message).toMatch(/Converged at step \d+/);
    const batches = h.events.filter((e): e is EventOf<'batch'> => e.type === 'batch' && e.run === conf.run);
    const last = batches.filter((b) => b.stepIndex.length > 0).at(-1)!;
    const H = last.layers;
    const finalRel = Array.from(last.relError.slice(-H));
    expect(finalRel.every((x) => x < 1e-4)).toBe(true);
    // The final batch went out before the status that says the run stopped.
    expect(h.events.indexOf(last)).toBeLessThan(h.events.indexOf(done));
    expect(last.step).toBe(done.step);

    // Changing the dynamics of a converged run sets it moving, and it stops again at the tolerance.
    h.send({ type: 'setOptions', options: { fprime: false } });
    const again = await h.waitFor('status', (e) => e.state === 'converged' && e.step > done.step);
    expect(again.options.fprime).toBe(false);
    h.send({ type: 'setOptions', options: { fprime: true } });
    const back = await h.waitFor('status', (e) => e.state === 'converged' && e.step > again.step);

    h.send({ type: 'step', n: 5 });
    await h.waitFor('status', (e) => e.state === 'paused' && e.step === back.step + 5);

    h.send({ type: 'reset' });
    const reset = await h.waitFor('status', (e) => e.run > conf.run);
    expect(reset.step).toBe(0);
    expect(reset.state).toBe('paused');
  });

  it('keeps at most MAX_IN_FLIGHT batches unacknowledged while running', async () => {
    const h = harness(false);
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 2 });
    const conf = await h.waitFor('configured');
    await h.waitFor('status', (e) => e.state === 'paused' && e.run === conf.run);
    const before = h.events.filter((e) => e.type === 'batch').length;
    h.send({ type: 'setOptions', options: { speed: 'max', tolerance: 0 } });
    h.send({ type: 'play' });
    await new Promise((r) => setTimeout(r, 600));
    h.send({ type: 'pause' });
    const paused = await h.waitFor('status', (e) => e.state === 'paused' && e.step > 0);
    const batches = h.events.filter((e) => e.type === 'batch').length - before;
    // Unacknowledged: the stream stops at the cap; pausing forces out one last batch.
    expect(batches).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1);
    expect(paused.step).toBeGreaterThan(50);
  });

  it('refuses an unstable η with a typed error and keeps the options in force', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 1 });
    await h.waitFor('configured');
    h.send({ type: 'setOptions', options: { eta: 3 } });
    const err = await h.waitFor('error');
    expect(err.code).toBe('invalid-option');
    expect(err.fatal).toBe(false);
    const status = await h.waitFor('status', (e) => e.options.eta === 0.1 && e.state === 'paused');
    expect(status.options.eta).toBe(0.1);
    h.send({ type: 'play' });
    await h.waitFor('status', (e) => e.state === 'running');
  });

  it('stops with the engine message when an unstable η diverges, keeping finite values', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 1 });
    await h.waitFor('configured');
    h.send({ type: 'setOptions', options: { allowUnstable: true, eta: 2.5, speed: 'max' } });
    h.send({ type: 'play' });
    const div = await h.waitFor('status', (e) => e.state === 'diverged');
    expect(div.message).toMatch(/Diverged at step \d+/);
    for (const b of h.events.filter((e): e is EventOf<'batch'> => e.type === 'batch')) {
      expect(b.relError.every(Number.isFinite)).toBe(true);
      b.values?.forEach((v) => expect(v.every(Number.isFinite)).toBe(true));
    }
  });

  it('reports commands before configuration as typed errors', async () => {
    const h = harness();
    h.send({ type: 'play' });
    const err = await h.waitFor('error');
    expect(err.code).toBe('not-configured');
  });
});

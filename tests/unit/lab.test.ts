// The training lab: conditions side by side in the worker's loop, streamed as validated events.

import { describe, expect, it, beforeAll, vi } from 'vitest';
import { CONDITION_NAMES } from '../../src/engine';
import { makeToyDataset } from '../../src/data';
import { Trainer } from '../../src/lab/trainer';
import { trainerConfig, watchedIndex } from '../../src/lab/setup';
import {
  BOUNDARY_GRID,
  LAB_CONDITIONS,
  PAPER_LAB,
  parseCommand,
  SPIRAL_LAB,
  type LabConfig,
} from '../../src/protocol';
import * as tf from '@tensorflow/tfjs';
import { harness } from './loopHarness';
import { Session } from '../../src/worker/session';
import { createLabStore } from '../../src/store/labStore';

// cpu: importing the worker's loop points tfjs-wasm at the served wasm files, which Node cannot open.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const small: LabConfig = { ...SPIRAL_LAB, toyPoints: 120, epochs: 2, evalEvery: 3, watchEvery: 4 };

describe('lab protocol', () => {
  it('names the same conditions as the engine', () => {
    expect([...LAB_CONDITIONS]).toEqual([...CONDITION_NAMES]);
  });

  it('accepts the presets and rejects bad experiments with a reason', () => {
    for (const config of [SPIRAL_LAB, PAPER_LAB])
      expect(parseCommand({ v: 2, type: 'labStart', config }).ok).toBe(true);
    const bad = (patch: object) =>
      parseCommand({ v: 2, type: 'labStart', config: { ...SPIRAL_LAB, ...patch } });
    expect(bad({ conditions: [] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/conditions needs at least 1/),
    });
    expect(bad({ conditions: ['bp', 'bp'] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/twice/),
    });
    expect(bad({ alpha: -1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/alpha/) });
    expect(bad({ hidden: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/hidden/) });
    expect(bad({ dataset: 'cifar' })).toMatchObject({ ok: false, reason: expect.stringMatching(/dataset/) });
    expect(bad({ extra: 1 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a known field/),
    });
  });
});

describe('Trainer', () => {
  it('starts every condition from the same weights and keeps exact AR on backprop', () => {
    const cfg: LabConfig = { ...small, conditions: ['bp', 'ar'] };
    const data = makeToyDataset('spiral', { n: cfg.toyPoints, noise: cfg.toyNoise, seed: cfg.seed });
    const t = new Trainer(data, trainerConfig(cfg, data));
    try {
      const w = t.nets.map((n) => n.layer(0).w!.dataSync());
      expect(Array.from(w[1])).toEqual(Array.from(w[0]));
      // η = 0.5 for 25 steps relaxes to float precision: AR's update is backprop's (angle ≈ 0).
      for (let i = 0; i < 5; i++) {
        const r = t.trainNext(true);
        expect(r.angles[0]).toEqual([]);
        for (const a of r.angles[1]) expect(a).toBeLessThan(1e-3);
      }
      const after = t.nets.map((n) => n.layer(0).w!.dataSync());
      let maxDiff = 0;
      for (let i = 0; i < after[0].length; i++)
        maxDiff = Math.max(maxDiff, Math.abs(after[0][i] - after[1][i]));
      expect(maxDiff).toBeLessThan(1e-5);
    } finally {
      t.dispose();
    }
  });

  it('continues from a checkpoint exactly as the uninterrupted run (mid-epoch, learned feedback too)', () => {
    const cfg: LabConfig = { ...small, epochs: 3, conditions: ['bp', 'ar-learned', 'ar-continual'] };
    const data = makeToyDataset('spiral', { n: cfg.toyPoints, noise: cfg.toyNoise, seed: cfg.seed });
    const whole = new Trainer(data, trainerConfig(cfg, data));
    const first = new Trainer(data, trainerConfig(cfg, data));
    const second = new Trainer(data, trainerConfig(cfg, data));
    try {
      const cut = whole.batchesPerEpoch + 2; // inside epoch 2
      const ref = [];
      while (!whole.done) ref.push(whole.trainNext(true));
      while (first.trained < cut) first.trainNext(true);
      second.resumeFrom(first.checkpoint());
      expect([second.epoch, second.batchInEpoch, second.trained]).toEqual([2, 2, cut]);
      const rest = [];
      while (!second.done) rest.push(second.trainNext(true));
      expect(rest).toEqual(ref.slice(cut));
      expect(second.evaluate().accuracy).toEqual(whole.evaluate().accuracy);
      // A checkpoint of another network, or past the end, changes nothing and says why.
      const bad = { ...first.checkpoint(), params: first.checkpoint().params.map((p) => p.slice(1)) };
      expect(() => second.resumeFrom(bad)).toThrow(/holds \d+ values, got/);
      expect(() => second.resumeFrom({ ...first.checkpoint(), batch: 10_000 })).toThrow(/outside/);
      expect(second.trained).toBe(whole.total);
    } finally {
      [whole, first, second].forEach((t) => t.dispose());
    }
  });

  it('walks the epochs in the seeded order and evaluates on the test split', () => {
    const data = makeToyDataset('xor', { n: 80, seed: 3 });
    const before = tf.memory().numTensors;
    const t = new Trainer(
      data,
      trainerConfig({ ...small, dataset: 'xor', conditions: ['bp'], batch: 16 }, data),
    );
    try {
      expect(t.batchesPerEpoch).toBe(2); // 40 training points, batch 16, short batch dropped
      expect(t.total).toBe(4);
      while (!t.done) t.trainNext(false);
      expect(t.trained).toBe(4);
      const e = t.evaluate();
      expect(e.predicted[0]).toHaveLength(data.test.n);
      expect(e.accuracy[0]).toBeGreaterThanOrEqual(0);
      const b = t.boundary(BOUNDARY_GRID, 1);
      expect(b[0]).toHaveLength(BOUNDARY_GRID ** 2);
      for (const v of b[0]) expect(v >= 0 && v <= 1).toBe(true);
    } finally {
      t.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('follows an AR condition that relaxes, never backprop', () => {
    expect(watchedIndex({ ...small, conditions: ['bp', 'ar-random'], watch: 'bp' })).toBe(1);
    expect(watchedIndex({ ...small, conditions: ['bp', 'ar', 'ar-learned'], watch: 'ar-learned' })).toBe(2);
    expect(watchedIndex({ ...small, conditions: ['bp', 'ar-continual'], watch: 'ar' })).toBe(-1);
  });
});

describe('lab loop in the worker', () => {
  it('trains, evaluates, hands batches to the relaxation panels and finishes', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' }); // the worker's wasm files are served, not on disk
    h.send({ type: 'labStart', config: small });
    const configured = await h.waitFor('labConfigured');
    expect(configured.data.kind).toBe('toy');
    expect(configured.data.points).toHaveLength(2 * 120);
    const done = await h.waitFor('labProgress', (e) => e.state === 'done', 60_000);
    const total = configured.data.batchesPerEpoch * small.epochs;
    expect(done.progress.done).toBe(total);
    const records = h.events.flatMap((e) => (e.type === 'labProgress' ? e.records : []));
    expect(records.map((r) => r.batch)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const r of records) expect(r.loss).toHaveLength(small.conditions.length);
    const evals = h.events.filter((e) => e.type === 'labEval');
    expect(evals.length).toBeGreaterThanOrEqual(3); // at start, periodically and at the end
    const last = evals.at(-1)!;
    if (last.type !== 'labEval') throw new Error('unreachable');
    expect(last.evaluation.batch).toBe(total);
    expect(last.evaluation.boundary).toHaveLength(small.conditions.length);
    // The relaxation panels got a training batch: a configured event from the lab, then a run.
    const watched = await h.waitFor('configured', (e) => e.preset === 'lab');
    expect(watched.summary).toMatch(/AR, exact transport, batch \d+/);
    expect(watched.batchSize).toBe(small.batch);
  }, 90_000);

  it('calibrates the relaxation panels once for all the batches it hands them (same shape, same switches)', async () => {
    const calibrations = vi.spyOn(Session.prototype, 'calibrate');
    try {
      const h = harness();
      h.send({ type: 'forceBackend', backend: 'cpu' });
      h.send({ type: 'labStart', config: { ...small, epochs: 3, watchEvery: 1 } });
      await h.waitFor('labProgress', (e) => e.state === 'done', 60_000);
      const watches = h.events.filter((e) => e.type === 'configured' && e.preset === 'lab').length;
      expect(watches).toBeGreaterThanOrEqual(3);
      expect(calibrations).toHaveBeenCalledTimes(1);
    } finally {
      calibrations.mockRestore();
    }
  }, 90_000);

  it('posts a checkpoint at each evaluation; a labStart resuming it continues exactly where it was', async () => {
    const cfg: LabConfig = { ...small, epochs: 3, watchEvery: 0, conditions: ['bp', 'ar-learned'] };
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'labStart', config: cfg });
    const cp = await h.waitFor('labCheckpoint', (e) => e.batch > 3);
    const first = await h.waitFor('labProgress', (e) => e.state === 'done', 60_000);
    const firstRecords = h.events.flatMap((e) =>
      e.type === 'labProgress' && e.lab === first.lab ? e.records : [],
    );
    h.send({
      type: 'labStart',
      config: cfg,
      resume: { batch: cp.batch, params: cp.params, elapsedMs: cp.elapsedMs, paused: false },
    });
    const configured = await h.waitFor('labConfigured', (e) => e.lab > first.lab);
    expect(configured.resumedAt).toBe(cp.batch);
    await h.waitFor('labProgress', (e) => e.lab === configured.lab && e.state === 'done', 60_000);
    const resumed = h.events.flatMap((e) =>
      e.type === 'labProgress' && e.lab === configured.lab ? e.records : [],
    );
    expect(resumed.map((r) => r.batch)[0]).toBe(cp.batch + 1);
    expect(resumed).toEqual(firstRecords.slice(cp.batch));

    // A run that was paused comes back paused, at its checkpoint, until resumed.
    h.send({
      type: 'labStart',
      config: cfg,
      resume: { batch: cp.batch, params: cp.params, elapsedMs: cp.elapsedMs, paused: true },
    });
    const paused = await h.waitFor('labProgress', (e) => e.lab > configured.lab && e.state === 'paused');
    await new Promise((r) => setTimeout(r, 200));
    expect(paused.progress.done).toBe(cp.batch);
    expect(paused.progress.elapsedMs).toBe(cp.elapsedMs); // the training clock goes on from the checkpoint
    expect(cp.elapsedMs).toBeGreaterThan(0);
    const latest = h.events.filter((e) => e.type === 'labProgress').at(-1)!;
    if (latest.type !== 'labProgress') throw new Error('unreachable');
    expect([latest.state, latest.progress.done]).toEqual(['paused', cp.batch]);
    h.send({ type: 'labResume' });
    await h.waitFor('labProgress', (e) => e.lab === paused.lab && e.state === 'done', 60_000);

    // A checkpoint that does not fit the experiment fails clearly.
    h.send({
      type: 'labStart',
      config: cfg,
      resume: { batch: 2, params: [cp.params[0]], elapsedMs: 0, paused: false },
    });
    const failed = await h.waitFor('labProgress', (e) => e.lab > paused.lab && e.state === 'failed');
    expect(failed.message).toMatch(/Could not resume: .*1 networks/);
  }, 90_000);

  it('the page keeps the curves up to the checkpoint a restarted worker continues from', async () => {
    const cfg: LabConfig = { ...small, watchEvery: 0 };
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'labStart', config: cfg });
    await h.waitFor('labProgress', (e) => e.state === 'done', 60_000);
    const store = createLabStore();
    for (const e of h.events) if (e.type.startsWith('lab')) store.getState().applyLabEvent(e);
    const total = store.getState().curves.batch.length;
    const configured = h.events.find((e) => e.type === 'labConfigured')!;
    if (configured.type !== 'labConfigured') throw new Error('unreachable');
    store.getState().applyLabEvent({ ...configured, lab: configured.lab + 1, resumedAt: 4 });
    const kept = store.getState();
    expect(total).toBeGreaterThan(4);
    expect(kept.curves.batch).toEqual([1, 2, 3, 4]);
    kept.curves.loss.forEach((l) => expect(l).toHaveLength(4));
    expect(kept.evals.every((p) => p.batch <= 4)).toBe(true);
    expect(kept.evals.length).toBeGreaterThan(0);
    // A new experiment (resumedAt 0) starts from empty curves.
    store.getState().applyLabEvent({ ...configured, lab: configured.lab + 2, resumedAt: 0 });
    expect(store.getState().curves.batch).toEqual([]);
  }, 90_000);

  it('pauses and resumes without losing batches, and reports a missing dataset clearly', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'labStart', config: { ...small, epochs: 4, watchEvery: 0 } });
    await h.waitFor('labProgress', (e) => e.state === 'running' && e.progress.done > 0);
    h.send({ type: 'labPause' });
    const paused = await h.waitFor('labProgress', (e) => e.state === 'paused');
    await new Promise((r) => setTimeout(r, 200));
    const still = h.events.filter((e) => e.type === 'labProgress').at(-1)!;
    if (still.type !== 'labProgress') throw new Error('unreachable');
    expect(still.progress.done).toBe(paused.progress.done);
    h.send({ type: 'labResume' });
    await h.waitFor('labProgress', (e) => e.state === 'done', 60_000);
    const batches = h.events.flatMap((e) => (e.type === 'labProgress' ? e.records.map((r) => r.batch) : []));
    expect(new Set(batches).size).toBe(batches.length);
    expect(batches.at(-1)).toBe(batches.length);

    h.send({ type: 'labStart', config: { ...PAPER_LAB, dataset: 'fashion-mnist' } });
    const failed = await h.waitFor('labProgress', (e) => e.state === 'failed');
    expect(failed.message).toMatch(/fashion-mnist.*(missing|could not fetch)/i);
  }, 90_000);
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONDITIONS,
  EngineError,
  Network,
  Relaxation,
  exportSnapshot,
  importSnapshot,
  mlpSpec,
  trainBatch,
  type EngineErrorCode,
} from '../../src/engine';
import { startTestBackend } from './backend';
import { randomBatch, relError } from './fixtures';

beforeAll(async () => {
  await startTestBackend();
});

function expectEngineError(fn: () => unknown, code: EngineErrorCode, message: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe(code);
    expect((e as EngineError).message).toMatch(message);
    return;
  }
  throw new Error('expected an EngineError');
}

const spec = mlpSpec([5, 8, 8, 3], { hidden: 'tanh', init: { sigma: 0.5, seed: 3 } });

describe('bad input gives typed errors and leaves the engine usable', () => {
  it('rejects bad specs', () => {
    expectEngineError(() => Network.create(mlpSpec([5, 0, 3])), 'invalid-spec', /units must be a positive integer/);
    expectEngineError(() => Network.create(mlpSpec([5, -2, 3])), 'invalid-spec', /positive integer/);
    expectEngineError(() => Network.create(mlpSpec([5])), 'invalid-spec', /at least an input and an output/);
    expectEngineError(() => Network.create({ ...spec, activations: ['tanh'] }), 'invalid-spec', /needs 3 activations/);
    expectEngineError(() => Network.create({ ...spec, activations: ['tanh', 'swish' as never, 'linear'] }), 'invalid-spec', /unknown activation "swish"/);
    expectEngineError(() => Network.create({ ...spec, init: { sigma: Number.NaN, seed: 1 } }), 'invalid-spec', /σ must be a positive/);
    expectEngineError(() => Network.create({ ...spec, loss: 'hinge' as never }), 'invalid-spec', /Unknown loss/);
  });

  it('rejects bad step sizes and allows η ≥ 2 only when flagged', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(4, [5], 3, 1);
    expectEngineError(() => new Relaxation(net, x, y, { eta: 0 }), 'invalid-option', /positive number/);
    expectEngineError(() => new Relaxation(net, x, y, { eta: -0.1 }), 'invalid-option', /positive number/);
    expectEngineError(() => new Relaxation(net, x, y, { eta: 2 }), 'invalid-option', /unstable/);
    const relax = new Relaxation(net, x, y, { eta: 0.5 });
    expectEngineError(() => relax.setOptions({ eta: 2.5 }), 'invalid-option', /unstable/);
    expect(relax.options.eta).toBe(0.5);
    relax.setOptions({ eta: 2.5, allowUnstable: true });
    expect(relax.options.eta).toBe(2.5);
    relax.dispose();
    tf.dispose([x, y]);
    net.dispose();
  });

  it('rejects NaN/∞ batches and mismatched shapes', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(4, [5], 3, 1);
    const nan = tf.tensor2d([[1, 2, Number.NaN, 4, 5]]);
    const inf = tf.tensor2d([[0, 1, 0]]).mul(Infinity);
    expectEngineError(() => new Relaxation(net, nan, tf.zeros([1, 3])), 'non-finite', /NaN or infinite/);
    expectEngineError(() => new Relaxation(net, x.slice(0, 1), inf), 'non-finite', /NaN or infinite/);
    expectEngineError(() => new Relaxation(net, tf.zeros([4, 6]), y), 'shape-mismatch', /expects \[batch, 5\]/);
    expectEngineError(() => new Relaxation(net, x, tf.zeros([4, 2])), 'shape-mismatch', /expected \[4, 3\]/);
    // Still usable after every rejection.
    const relax = new Relaxation(net, x, y, { eta: 1 });
    expect(relax.run(2).record!.relError[2]).toBeLessThan(1e-5);
    relax.dispose();
    tf.dispose([x, y, nan, inf]);
    net.dispose();
  });

  it('divergence at unstable η stops the run with a reason and a finite state', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(4, [5], 3, 2);
    const relax = new Relaxation(net, x, y, { eta: 2.6, allowUnstable: true });
    const r = relax.run(2000);
    expect(r.stop?.kind).toBe('diverged');
    expect(r.stop?.message).toMatch(/Diverged at step \d+: hidden layer \d is exploding/);
    expect(r.steps).toBeLessThan(2000);
    expect(relax.step).toBe(r.steps);
    for (const v of relax.values()) expect(tf.all(tf.isFinite(v)).dataSync()[0]).toBe(1);
    for (let i = 0; i < r.record!.steps * r.record!.layers; i++) expect(Number.isFinite(r.record!.relError[i])).toBe(true);
    // Unrecorded runs roll back to where they started.
    const u = relax.run(3000, { record: false });
    expect(u.stop?.kind).toBe('diverged');
    expect(relax.step).toBe(r.steps);
    // And it recovers once η is stable again.
    relax.setOptions({ eta: 0.5, allowUnstable: false });
    const rec = relax.run(200).record!;
    expect(rec.relError[(rec.steps - 1) * 2]).toBeLessThan(1e-8);
    relax.dispose();
    tf.dispose([x, y]);
    net.dispose();
  });

  it('tolerance: reports the first step whose largest residual is below it', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(4, [5], 3, 2);
    const relax = new Relaxation(net, x, y, { eta: 0.2 });
    const r = relax.run(300, { tolerance: 1e-4 });
    expect(r.stop?.kind).toBe('converged');
    const s = r.stop!.step;
    const worst = (step: number) => Math.max(r.record!.residual[(step - 1) * 2], r.record!.residual[(step - 1) * 2 + 1]);
    expect(worst(s)).toBeLessThanOrEqual(1e-4);
    expect(worst(s - 1)).toBeGreaterThan(1e-4);
    relax.dispose();
    tf.dispose([x, y]);
    net.dispose();
  });
});

describe('initialisation and snapshots', () => {
  it('same spec + seed gives identical weights; another seed differs; σ is respected', () => {
    const big = mlpSpec([200, 300, 10], { init: { sigma: 0.05, seed: 42 } });
    const [a, b] = [Network.create(big), Network.create(big)];
    const c = Network.create({ ...big, init: { sigma: 0.05, seed: 43 } });
    expect(Array.from(a.layer(0).w!.dataSync())).toEqual(Array.from(b.layer(0).w!.dataSync()));
    expect(relError(a.layer(0).w!, c.layer(0).w!)).toBeGreaterThan(1);
    const w = Array.from(a.layer(0).w!.dataSync());
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    // 60,000 draws: the sample sd of N(0, 0.05²) is within ~0.3 % (3 standard errors ≈ 0.0004).
    expect(Math.abs(sd - 0.05)).toBeLessThan(0.0005);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Array.from(a.layer(0).b!.dataSync()).every((v) => v === 0)).toBe(true);
    [a, b, c].forEach((n) => n.dispose());
  });

  it('exports and imports a snapshot exactly (after training, with learned feedback)', () => {
    const net = Network.create(spec);
    const { x, y } = randomBatch(4, [5], 3, 2);
    trainBatch(net, x, y, CONDITIONS['ar-learned'], { alpha: 0.1, relax: {}, steps: 20 });
    const copy = importSnapshot(JSON.stringify(exportSnapshot(net)));
    for (let i = 0; i < 3; i++)
      for (const k of ['w', 'b', 'learned', 'random'] as const)
        expect(Array.from(copy.layer(i)[k]!.dataSync())).toEqual(Array.from(net.layer(i)[k]!.dataSync()));
    tf.dispose([x, y]);
    [net, copy].forEach((n) => n.dispose());
  });

  it('rejects bad snapshot files with a message naming the problem, allocating nothing', () => {
    const net = Network.create(spec);
    const good = exportSnapshot(net);
    net.dispose();
    const before = tf.memory().numTensors;
    const bad = (mutate: (s: ReturnType<typeof exportSnapshot>) => void) => {
      const s = structuredClone(good);
      mutate(s);
      return s;
    };
    expectEngineError(() => importSnapshot('{not json'), 'invalid-snapshot', /not valid JSON/);
    expectEngineError(() => importSnapshot({ hello: 1 }), 'invalid-snapshot', /not an AR Explorer network file/);
    expectEngineError(() => importSnapshot(bad((s) => (s.version = 9))), 'invalid-snapshot', /version 9/);
    expectEngineError(() => importSnapshot(bad((s) => s.layers.pop())), 'invalid-snapshot', /Expected 3 layers/);
    expectEngineError(() => importSnapshot(bad((s) => s.layers[1].w!.pop())), 'invalid-snapshot', /"layer2" "w" has 63 values; shape \[8,8\] needs 64/);
    expectEngineError(() => importSnapshot(bad((s) => (s.layers[2].b![1] = Number.NaN))), 'invalid-snapshot', /"layer3" "b" value 1 is not a finite number/);
    expectEngineError(() => importSnapshot(bad((s) => (s.spec = { ...s.spec, sizes: [5, 0, 3] } as never))), 'invalid-snapshot', /network description is invalid/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('no tensor leaks', () => {
  it('numTensors is identical before and after 10,000 relaxation steps and 100 training batches', () => {
    const net = Network.create(mlpSpec([6, 10, 10, 10, 3], { hidden: 'relu', init: { sigma: 0.4, seed: 5 } }));
    const { x, y } = randomBatch(8, [6], 3, 7);
    // Warm up caches that live as long as the network (Wᵀ for exact transport).
    const warm = new Relaxation(net, x, y);
    warm.run(1);
    warm.dispose();
    const before = tf.memory().numTensors;
    const relax = new Relaxation(net, x, y, { eta: 0.3 });
    const trace = [{ layer: 1, item: 0, unit: 2 }];
    const variants = [{}, { feedback: 'random' as const }, { fprime: false }, { frozen: false }, { schedule: 'sequential' as const }, { feedback: 'learned' as const }];
    for (let i = 0; i < 100; i++) {
      relax.setOptions({ feedback: 'exact', fprime: true, frozen: true, schedule: 'parallel', ...variants[i % variants.length] });
      relax.run(50, { record: i % 2 === 0, trace, recordEvery: 1 + (i % 3), tolerance: 1e-3 });
      relax.run(50, { record: false });
    }
    expect(relax.step).toBe(10_000);
    relax.dispose();
    for (let b = 0; b < 100; b++) {
      const condition = CONDITIONS[(['bp', 'ar', 'ar-learned', 'ar-random', 'ar-no-fprime', 'ar-nonfrozen', 'ar-continual'] as const)[b % 7]];
      trainBatch(net, x, y, condition, { alpha: 0.01, relax: {}, steps: 10, measureAngle: true });
    }
    // Training replaced W; the cached Wᵀ is rebuilt lazily, so rebuild it before comparing.
    const again = new Relaxation(net, x, y);
    again.run(1);
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    net.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  followUpCnn,
  Network,
  Relaxation,
  mlpSpec,
  type GraphSpec,
  type RelaxOptions,
} from '../../src/engine';
import { startTestBackend } from './backend';
import { randomBatch, relError } from './fixtures';

// Unrecorded steps take v ← (1 − η)v + target(ηB) (no target of their own); recorded steps take the
// definition v ← v + η(target − v). Both must follow the same trajectory. Tolerance: float32 rounding of
// the two orders of operations gives ~1e-13 relative squared error after 60 steps; a missing η, a stale
// η-scaled B or a skipped layer gives ≥ 1e-4.
const SAME = 1e-9;

beforeAll(async () => {
  await startTestBackend();
});

const residual: GraphSpec = {
  kind: 'graph',
  input: [6],
  layers: [
    { op: 'dense', id: 'h1', units: 8, activation: 'tanh' },
    { op: 'dense', id: 'h2', units: 8, activation: 'tanh' },
    { op: 'add', id: 'skip', inputs: ['h1', 'h2'] },
    { op: 'dense', id: 'out', units: 3, activation: 'linear' },
  ],
  bias: true,
  loss: 'sse',
  init: { sigma: 0.6, seed: 9 },
};

const cases: {
  name: string;
  spec: () => Parameters<typeof Network.create>[0];
  inShape: number[];
  classes: number;
  opts: Partial<RelaxOptions>;
}[] = [
  {
    name: 'ReLU MLP, parallel',
    spec: () => mlpSpec([12, 10, 9, 4], { hidden: 'relu', init: { sigma: 0.4, seed: 1 } }),
    inShape: [12],
    classes: 4,
    opts: {},
  },
  {
    name: 'tanh MLP, sequential',
    spec: () => mlpSpec([12, 10, 9, 4], { hidden: 'tanh', init: { sigma: 0.4, seed: 2 } }),
    inShape: [12],
    classes: 4,
    opts: { schedule: 'sequential', eta: 0.3 },
  },
  {
    name: 'no f′, learned B',
    spec: () => mlpSpec([12, 10, 9, 4], { hidden: 'relu', init: { sigma: 0.4, seed: 3 } }),
    inShape: [12],
    classes: 4,
    opts: { fprime: false, feedback: 'learned' },
  },
  {
    name: 'non-frozen, random B',
    spec: () => mlpSpec([12, 10, 9, 4], { hidden: 'tanh', init: { sigma: 0.4, seed: 4 } }),
    inShape: [12],
    classes: 4,
    opts: { frozen: false, feedback: 'random' },
  },
  { name: 'residual graph (add node)', spec: () => residual, inShape: [6], classes: 3, opts: { eta: 0.2 } },
  {
    name: 'CNN (conv, pool, flatten)',
    spec: () => followUpCnn(5, { sigma: 0.1 }),
    inShape: [28, 28, 1],
    classes: 10,
    opts: { eta: 0.2 },
  },
];

describe('unrecorded steps follow the recorded (definition) trajectory', () => {
  for (const c of cases) {
    it(c.name, () => {
      const net = Network.create(c.spec());
      const { x, y } = randomBatch(3, c.inShape, c.classes, 7);
      const recorded = new Relaxation(net, x, y, c.opts);
      const fast = new Relaxation(net, x, y, c.opts);
      recorded.run(60, { record: true });
      fast.run(60, { record: false });
      const moved = relError(fast.values()[0], recorded.x[0]);
      expect(moved).toBeGreaterThan(1e-4); // the state really changed, so agreement means something
      fast.values().forEach((v, i) => expect(relError(v, recorded.values()[i])).toBeLessThanOrEqual(SAME));
      [recorded, fast, net].forEach((t) => t.dispose());
      tf.dispose([x, y]);
    });
  }

  it('a new η, and backward weights replaced between runs, take effect on unrecorded steps', () => {
    const net = Network.create(mlpSpec([12, 10, 9, 4], { hidden: 'tanh', init: { sigma: 0.4, seed: 6 } }));
    const { x, y } = randomBatch(3, [12], 4, 8);
    const opts: Partial<RelaxOptions> = { feedback: 'learned', eta: 0.1 };
    const recorded = new Relaxation(net, x, y, opts);
    const fast = new Relaxation(net, x, y, opts);
    const both = (f: (r: Relaxation, record: boolean) => void) => (f(recorded, true), f(fast, false));
    both((r, record) => r.run(20, { record }));
    both((r) => r.setOptions({ eta: 0.4 }));
    both((r, record) => r.run(20, { record }));
    // As continual updates do: the learned B of two layers is replaced (the old tensors are disposed).
    for (const i of [1, 2]) net.setParams(i, { learned: tf.keep(tf.mul(net.layer(i).learned!, -1.5)) });
    both((r, record) => r.run(20, { record }));
    fast.values().forEach((v, i) => expect(relError(v, recorded.values()[i])).toBeLessThanOrEqual(SAME));
    [recorded, fast, net].forEach((t) => t.dispose());
    tf.dispose([x, y]);
  });

  it('unrecorded runs keep the tensor count flat (η-scaled weights are remade, not leaked)', () => {
    const net = Network.create(mlpSpec([12, 10, 9, 4], { hidden: 'relu', init: { sigma: 0.4, seed: 7 } }));
    const { x, y } = randomBatch(3, [12], 4, 9);
    const relax = new Relaxation(net, x, y, { feedback: 'learned' });
    relax.run(5, { record: false });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 50; k++) {
      relax.setOptions({ eta: 0.1 + 0.01 * (k % 3) });
      net.setParams(2, { learned: tf.keep(tf.mul(net.layer(2).learned!, 1)) });
      relax.run(20, { record: false });
    }
    expect(tf.memory().numTensors).toBe(before);
    relax.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });
});

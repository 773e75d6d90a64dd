// The graph presets in the worker: the follow-up paper's CNN and a residual MLP relax with the same loop,
// and the page is told the graph (ops, shapes, parents) it needs to draw them.

import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/protocol';
import { harness } from './loopHarness';

async function relaxToConvergence(preset: 'cnn' | 'residual', data: 'random' | 'spiral') {
  const h = harness();
  h.send({ type: 'forceBackend', backend: 'cpu' });
  h.send({ type: 'configure', preset, data, seed: 1 });
  const conf = await h.waitFor('configured', () => true, 60_000);
  h.send({ type: 'setOptions', options: { speed: 'max', eta: 0.5, tolerance: 1e-5 } });
  h.send({ type: 'play' });
  await h.waitFor('status', (e) => e.state === 'converged', 120_000);
  const batches = h.events.filter((e): e is EventOf<'batch'> => e.type === 'batch' && e.stepIndex.length > 0);
  const last = batches.at(-1)!;
  return { conf, finalRel: Array.from(last.relError.slice(-last.layers)) };
}

describe('graph presets (cpu backend)', () => {
  it('CNN: conv, pool and flatten nodes relax onto autodiff', async () => {
    const { conf, finalRel } = await relaxToConvergence('cnn', 'random');
    expect(conf.inputShape).toEqual([28, 28, 1]);
    expect(conf.graph.map((g) => g.op)).toEqual([
      'conv2d',
      'maxPool',
      'conv2d',
      'flatten',
      'dense',
      'dense',
      'dense',
    ]);
    expect(conf.graph[0].shape).toEqual([24, 24, 6]);
    expect(conf.graph[2].parents).toEqual([1]);
    // Conv kernels stay in the worker; dense weights are sent.
    expect(conf.weights.w[0]).toBeNull();
    expect(conf.weights.w[4]).toHaveLength(8 * 8 * 16 * 120);
    expect(conf.hidden).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of finalRel) expect(r).toBeLessThan(1e-4);
  }, 150_000);

  it('residual MLP: the skip connection gives h1 two children whose VJPs sum', async () => {
    const { conf, finalRel } = await relaxToConvergence('residual', 'spiral');
    expect(conf.data).toBe('spiral');
    expect(conf.graph.map((g) => g.op)).toEqual(['dense', 'dense', 'add', 'dense', 'dense']);
    expect(conf.graph[2].parents).toEqual([0, 1]);
    for (const r of finalRel) expect(r).toBeLessThan(1e-4);
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (args: string[]) => run('node', ['--import', 'tsx', 'scripts/reproduce.ts', ...args], { maxBuffer: 64 << 20 });

describe('reproduce CLI', () => {
  it('convergence --json has the documented shape and converges', async () => {
    const { stdout } = await cli(['convergence', '--json', '--steps', '60', '--eta', '0.5']);
    const out = JSON.parse(stdout);
    expect(out.experiment).toBe('convergence');
    expect(out.config).toMatchObject({ net: 'mlp', sizes: '784-300-100-100-10', batch: 64, steps: 60 });
    expect(out.config.spec.init.sigma).toBe(0.05);
    expect(out.layers.map((l: { layer: number }) => l.layer)).toEqual([1, 2, 3]);
    for (const l of out.layers) {
      for (const key of ['sqError', 'relError', 'cosine']) expect(l[key]).toHaveLength(60);
      expect(l.relError[59]).toBeLessThan(1e-8);
      expect(l.cosine[59]).toBeGreaterThan(0.999999);
    }
  }, 60_000);

  it('convergence --net cnn relaxes every node of the follow-up paper\'s CNN', async () => {
    const { stdout } = await cli(['convergence', '--json', '--net', 'cnn', '--steps', '6', '--eta', '1']);
    const out = JSON.parse(stdout);
    expect(out.layers.map((l: { id: string }) => l.id)).toEqual(['conv1', 'pool1', 'conv2', 'flatten', 'fc1', 'fc2']);
    // η = 1 is exact after longest path − 1 = 6 steps.
    for (const l of out.layers) expect(l.relError[5]).toBeLessThan(1e-5);
  }, 60_000);

  it('--sigma sets the initial weights\' scale (the lab\'s CNN preset uses 0.1)', async () => {
    const { stdout } = await cli(['convergence', '--json', '--net', 'cnn', '--sigma', '0.1', '--steps', '1']);
    expect(JSON.parse(stdout).config.spec.init.sigma).toBe(0.1);
    await expect(cli(['convergence', '--sigma', '0'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--sigma must be a positive number/) });
  }, 60_000);

  it('step-sizes --json runs every η of Fig. 2', async () => {
    const { stdout } = await cli(['step-sizes', '--json', '--steps', '3']);
    const out = JSON.parse(stdout);
    expect(out.runs.map((r: { eta: number }) => r.eta)).toEqual([0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]);
    expect(out.runs[0].layers[0].relError).toHaveLength(3);
  }, 60_000);

  it('training --json reports accuracy and angle per epoch, progress on stderr', async () => {
    // η = 1 for L − 1 = 3 steps is exact, so AR must train exactly like backprop here.
    const args = ['training', '--json', '--epochs', '1', '--eta', '1', '--steps', '3', '--conditions', 'bp,ar'];
    const { stdout, stderr } = await cli(args);
    const out = JSON.parse(stdout);
    expect(out.results.map((r: { condition: string }) => r.condition)).toEqual(['bp', 'ar']);
    const [bp, ar] = out.results;
    for (const r of out.results) expect(r.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([0, 1]);
    expect(bp.epochs[0].testAccuracy).toBe(ar.epochs[0].testAccuracy);
    expect(bp.epochs[1].testAccuracy).toBeGreaterThan(0.5);
    expect(Math.abs(ar.epochs[1].testAccuracy - bp.epochs[1].testAccuracy)).toBeLessThanOrEqual(0.002);
    expect(bp.epochs[1].angleDeg).toBeNull();
    expect(ar.epochs[1].angleDeg).toBeLessThan(0.5);
    expect(ar.epochs[1].anglePerLayerDeg).toHaveLength(4);
    expect(stderr).toMatch(/ar\s+epoch 1\/1/);
  }, 120_000);

  it('rejects bad arguments with a message and exit code 2', async () => {
    await expect(cli(['convergence', '--eta', 'fast'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--eta must be a number/) });
    await expect(cli(['dance'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/must be one of convergence/) });
    await expect(cli(['convergence', '--eta', '3'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/invalid-option: Step size η = 3 is unstable/) });
  }, 60_000);
});

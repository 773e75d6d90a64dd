// Beyond MLPs in the real app: the follow-up paper's CNN relaxes with its feature maps converging onto the
// autodiff gradient channel by channel, the residual MLP (a skip connection) converges too, and the CNN
// trains in the lab side by side with backprop.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, waitReady, withApp } from './browser.mjs';

const featureErrors = (page) =>
  page.$$eval('[data-testid^="feature-relerr-"]', (els) => els.map((e) => Number(e.dataset.value)));
const relErrors = (page) =>
  page.$$eval('[data-testid^="relerr-layer-"]', (els) =>
    els.map((e) => (e.dataset.value === '' ? NaN : Number(e.dataset.value))),
  );

/** The convergence read-out once it shows `n` layers, all below 1e-4. */
const settled = (page, n) =>
  until(
    async () => {
      const e = await relErrors(page);
      return e.length === n && e.every((r) => r < 1e-4) ? e : null;
    },
    { timeout: 10_000, message: `${n} converged layers in the read-out` },
  );

test('CNN preset: feature maps converge onto the gradient', { timeout: 180_000 }, async () => {
  await withApp({ query: 'debug=1&preset=cnn&backend=wasm&speed=max' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const region = page.getByRole('region', { name: 'Feature maps' });
    await region.waitFor();
    const start = await until(
      async () => {
        const e = await featureErrors(page);
        return e.length === 6 && e.every(Number.isFinite) ? e : null;
      },
      { message: 'six conv1 channels' },
    );
    // Step 0: the feedforward activations, nothing like the gradient.
    assert.ok(
      start.every((e) => e > 1e-2),
      `start ${start}`,
    );
    await region.screenshot({ path: 'tests/e2e/artifacts/cnn-feature-maps-step0.png' });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 150_000 });
    const end = await until(
      async () => {
        const e = await featureErrors(page);
        return e.every((x) => x < 1e-6) ? e : null;
      },
      { timeout: 10_000, message: 'feature maps within 1e-6 of the gradient' },
    );
    assert.equal(end.length, 6);
    // Every node of the graph (conv, pool, conv, flatten, dense, dense) converged (read-outs refresh at the
    // next frame after the run stops: wait for them).
    const layers = await settled(page, 6);
    assert.equal(layers.length, 6);
    layers.forEach((r, k) => assert.ok(r < 1e-4, `node ${k + 1}: relative error ${r}`));
    // The second conv layer is selectable.
    await region.getByRole('combobox', { name: 'Node' }).selectOption({ label: 'conv2 (8 × 8 × 16)' });
    await until(async () => (await featureErrors(page)).length === 16, { message: 'sixteen conv2 channels' });
    await region.screenshot({ path: 'tests/e2e/artifacts/cnn-feature-maps-converged.png' });
    assert.deepEqual(app.errors, []);
  });
});

test('residual MLP: the skip connection relaxes to the gradient', { timeout: 90_000 }, async () => {
  await withApp({ query: 'debug=1&preset=residual&speed=max' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 60_000 });
    const layers = await settled(page, 4);
    assert.equal(layers.length, 4); // h1, h2, skip, h3
    layers.forEach((r, k) => assert.ok(r < 1e-4, `node ${k + 1}: relative error ${r}`));
    await app.screenshot('residual-converged-1280x800');
    assert.deepEqual(app.errors, []);
  });
});

test('CNN trains in the lab with AR beside backprop', { timeout: 300_000 }, async () => {
  await withApp({ query: 'debug=1&view=lab&backend=wasm' }, async (app) => {
    const { page } = app;
    await page.getByRole('button', { name: /CNN/ }).click();
    // One epoch over a 640-digit split (10 batches of 64) keeps the test short; the bench times full epochs.
    for (const [label, value] of [
      ['Training items', 640],
      ['Test items', 500],
      ['Epochs', 1],
    ]) {
      const field = page.getByLabel(label, { exact: true });
      await field.fill(String(value));
      await field.blur();
    }
    await page.getByRole('button', { name: 'Start training' }).click();
    const s = await until(
      () =>
        page.evaluate(() => {
          const l = window.__AR_LAB_STORE__.getState();
          return l.state === 'done' || l.state === 'failed' ? l : null;
        }),
      { timeout: 280_000, every: 1000, message: 'the CNN epoch' },
    );
    assert.equal(s.state, 'done', s.message);
    assert.equal(s.progress.done, 10);
    const acc = s.evals.at(-1).accuracy;
    assert.equal(acc.length, 2);
    acc.forEach((a) => assert.ok(a > 0.1, `test accuracy ${a} above chance`));
    await page.getByRole('region', { name: 'Batch and weight updates' }).waitFor();
    await app.screenshot('lab-cnn-epoch-1280x800');
    assert.deepEqual(app.errors, []);
  });
});

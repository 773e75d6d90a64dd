// The worker really runs on each backend, the badge says which, and the throughput is reported (printed,
// never asserted: tests do not assert wall time).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relErrors, stepCount, until, waitReady, withApp } from './browser.mjs';

const MEASURE_MS = 2500;

/** Relax at max speed until the default tolerance stops the run; returns the relative errors. */
async function converge(page) {
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max' }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 60_000 });
  // The table redraws on the next animation frame after the status line.
  return until(
    async () => {
      const e = await relErrors(page);
      return e.every((x) => x < 1e-4) ? e : null;
    },
    { timeout: 5_000, message: 'relative errors below 1e-4 after convergence' },
  );
}

/** Steps per second seen on the page at max speed, with convergence stopping disabled. */
async function measure(page) {
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max', tolerance: 0 }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await stepCount(page)) > 0, { message: 'first steps', timeout: 60_000 });
  const s0 = await stepCount(page);
  const t0 = Date.now();
  await page.waitForTimeout(MEASURE_MS);
  const s1 = await stepCount(page);
  const dt = (Date.now() - t0) / 1000;
  const diag = await page.evaluate(() => window.__AR_STORE__.getState().run.diag);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Paused' }).waitFor();
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ tolerance: 1e-5 }));
  return {
    pageStepsPerSecond: Math.round((s1 - s0) / dt),
    workerStepsPerSecond: Math.round(diag.stepsPerSecond),
    recordEvery: diag.recordEvery,
    numTensors: diag.numTensors,
  };
}

for (const backend of ['webgl', 'wasm', 'cpu']) {
  test(`runs on ${backend} when forced, small net and paper MNIST net`, (t) =>
    withApp({ query: `debug=1&backend=${backend}` }, (app) => exercise(app, backend, t)));
}

async function exercise(app, backend, t) {
  const { page } = app;
  await waitReady(page);
  const badge = page.getByTestId('backend-badge');
  assert.equal(await badge.getAttribute('data-backend'), backend);
  const tooltip = await badge.getAttribute('title');
  if (backend === 'webgl') assert.match(tooltip, /SwiftShader/i, 'renderer in the tooltip');
  assert.match(tooltip, new RegExp(`Backend: ${backend}`));

  const errs = await converge(page);
  assert.ok(
    errs.every((x) => Number.isFinite(x) && x < 1e-4),
    `small net converged on ${backend}: ${errs}`,
  );
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const small = await measure(page);
  t.diagnostic(`${backend} small 4-8-8-8-3 batch 16: ${JSON.stringify(small)}`);

  await page.getByRole('combobox', { name: 'Network' }).selectOption('mnist');
  await until(
    async () => (await page.evaluate(() => window.__AR_STORE__.getState().net?.preset)) === 'mnist',
    { timeout: 60_000, message: 'MNIST preset' },
  );
  await waitReady(page);
  const net = await page.evaluate(() => window.__AR_STORE__.getState().net);
  assert.deepEqual(net.layerSizes, [300, 300, 100, 10]);
  assert.equal(net.data, 'mnist', `MNIST digits loaded (${net.note})`);
  const mnist = await measure(page);
  assert.ok((await relErrors(page)).every(Number.isFinite));
  t.diagnostic(`${backend} paper MNIST 784-300-300-100-10 batch 64: ${JSON.stringify(mnist)}`);
  assert.deepEqual(app.errors, []);
}

test('the badge control switches backend mid-run and the run goes on', () =>
  withApp({ query: 'debug=1' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until(async () => (await stepCount(page)) > 3, { message: 'steps' });
    await page.getByLabel('Backend', { exact: true }).selectOption('cpu');
    await until(
      async () => (await page.getByTestId('backend-badge').getAttribute('data-backend')) === 'cpu',
      {
        message: 'badge to say cpu',
      },
    );
    // The switch rebuilds the experiment on the new backend and keeps playing.
    await until(async () => (await stepCount(page)) > 3, { message: 'steps on cpu' });
    await app.screenshot('backend-cpu-1280x800');
    assert.deepEqual(app.errors, []);
  }));

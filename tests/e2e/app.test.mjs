// The default experiment, driven as a person would: load, Play, watch it converge, Pause, Reset.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, relErrors, stepCount, until, waitReady } from './browser.mjs';

let app;
before(async () => {
  app = await openApp({ query: 'debug=1' });
});
after(async () => {
  await app?.close();
});

const button = (name) => app.page.getByRole('button', { name, exact: true });

test('loads with no console errors and shows the default network', async () => {
  const { page } = app;
  await waitReady(page);
  await page.getByRole('region', { name: 'Convergence' }).waitFor();
  assert.equal(await stepCount(page), 0);
  const net = await page.evaluate(() => window.__AR_STORE__.getState().net);
  assert.deepEqual(net.layerSizes, [8, 8, 8, 3]);
  assert.equal(net.batchSize, 16);
  // The four switches with their default states.
  assert.equal(await page.getByRole('switch', { name: 'Nonlinear derivative' }).isChecked(), true);
  assert.equal(await page.getByRole('switch', { name: 'Frozen forward pass' }).isChecked(), true);
  assert.equal(await page.getByRole('switch', { name: 'Learned backward weights' }).isChecked(), false);
  assert.equal(await page.getByRole('switch', { name: 'Random feedback' }).isChecked(), false);
  await app.screenshot('app-loaded-1280x800');
  assert.deepEqual(app.errors, []);
});

test('Play advances the counter and the curve; every layer falls below 1e-4 with exact transport', async () => {
  const { page } = app;
  await button('Play').click();
  await until(async () => (await stepCount(page)) > 5, { message: 'the step counter to advance' });
  const path = () => page.locator('.lines path').first().getAttribute('d');
  const early = await path();
  await until(async () => (await stepCount(page)) > 20, { message: 'more steps' });
  // The chart redraws at most once a frame (less often off-screen): wait for the next draw, not a fixed time.
  await until(async () => (await path()) !== early, {
    timeout: 10_000,
    message: 'the curve to grow while running',
  });

  const errs = await until(
    async () => {
      const e = await relErrors(page);
      return e.length === 3 && e.every((x) => x < 1e-4) ? e : null;
    },
    { timeout: 60_000, message: 'relative error < 1e-4 in every layer' },
  );
  // The panel shows what the store holds.
  const fromStore = await page.evaluate(() =>
    window.__AR_STORE__.getState().traj.metrics.relError.map((b) => b.last()),
  );
  assert.equal(fromStore.length, 3);
  fromStore.forEach((x) => assert.ok(x < 1e-4, `store relative error ${x}`));
  assert.ok(errs.every(Number.isFinite));
  await app.screenshot('app-converging-1280x800');
  assert.deepEqual(app.errors, []);
});

test('runs on to convergence, then Pause stops the counter and Reset returns to step 0', async () => {
  const { page } = app;
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 60_000 });
  const status = await page.getByRole('status').textContent();
  assert.match(status, /Converged at step \d+/);
  // Play again runs on past the tolerance; Pause stops it.
  await button('Play').click();
  const start = await stepCount(page);
  await until(async () => (await stepCount(page)) > start + 3, { message: 'steps after Play' });
  await button('Pause').click();
  await page.getByRole('status').filter({ hasText: 'Paused' }).waitFor();
  // The counter redraws on the next animation frame; give it a moment to catch up with the status.
  await page.waitForTimeout(250);
  const paused = await stepCount(page);
  await page.waitForTimeout(600);
  assert.equal(await stepCount(page), paused, 'no steps while paused');
  await button('Reset').click();
  await until(async () => (await stepCount(page)) === 0, { message: 'step 0 after Reset' });
  const errs = await relErrors(page);
  assert.ok(
    errs.every((x) => Number.isNaN(x)),
    'trajectories cleared',
  );
  assert.equal(await page.locator('text=NaN').count(), 0, 'the page never shows NaN');
  assert.deepEqual(app.errors, []);
});

// Toggling live: switching the nonlinear derivative off mid-run takes effect without a restart, and the
// relaxation settles somewhere else than the backprop gradient.

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

test('Nonlinear derivative off mid-run: the counter keeps counting and the error floor moves', async () => {
  const { page } = app;
  await waitReady(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await stepCount(page)) >= 15, { message: 'step 15' });
  const runId = await page.evaluate(() => window.__AR_STORE__.getState().run.run);
  const atToggle = await stepCount(page);
  await page.getByRole('switch', { name: 'Nonlinear derivative' }).uncheck();

  // Sample the counter while it runs on: it never goes back.
  const seen = [atToggle];
  await until(
    async () => {
      seen.push(await stepCount(page));
      return seen.at(-1) > atToggle + 30;
    },
    { message: 'steps after the toggle' },
  );
  for (let i = 1; i < seen.length; i++)
    assert.ok(seen[i] >= seen[i - 1], `counter went back: ${seen.join(', ')}`);
  const state = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    return { run: s.run.run, fprime: s.config.options.fprime };
  });
  assert.equal(state.run, runId, 'same run: no restart');
  assert.equal(state.fprime, false);
  // The change is marked on the chart where it was made.
  await page.locator('.marks text', { hasText: 'f′ off' }).waitFor();

  // Without f′ the fixed point is not the gradient: it converges, but far from g in the lower layers.
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 60_000 });
  const errs = await relErrors(page);
  assert.equal(errs.length, 3);
  assert.ok(errs[0] > 1e-4 && errs[1] > 1e-4, `layers 1 and 2 stay far from g: ${errs}`);
  // The top hidden layer feeds a linear output (f′ ≡ 1 there), so it still reaches its gradient.
  assert.ok(errs[2] < 1e-4, `layer 3 is unaffected: ${errs[2]}`);
  await app.screenshot('fprime-off-1280x800');

  // Switching f′ back on while converged starts it moving again, toward the gradient.
  await page.getByRole('switch', { name: 'Nonlinear derivative' }).check();
  await until(async () => (await relErrors(page)).every((x) => x < 1e-4), {
    timeout: 60_000,
    message: 'convergence with f′ back on',
  });
  assert.deepEqual(app.errors, []);
});

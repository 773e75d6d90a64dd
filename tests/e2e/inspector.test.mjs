// The chain-rule inspector: after convergence with exact transport a unit's local target equals its own v
// and backprop's g; the displayed sum is the sum of every term; the output unit is shown clamped.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, openApp, until, waitReady } from './browser.mjs';

let app;
before(async () => {
  app = await openApp({ query: 'debug=1&speed=max' });
  await waitReady(app.page);
});
after(async () => {
  await app?.close();
});

const value = async (testid) => Number(await app.page.getByTestId(testid).getAttribute('data-value'));
const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

test('after convergence with exact transport: target = v = g (1e-4 relative), sum = Σ all terms', async () => {
  const { page } = app;
  // Inspect the unit of item 0, layer 1 with the largest backprop gradient (a clear, non-vanishing signal).
  const unit = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    const n = s.net.layerSizes[0];
    const g = Array.from(s.reference[0].slice(0, n), Math.abs);
    return g.indexOf(Math.max(...g));
  });
  await page.getByLabel('Inspector unit').fill(String(unit));
  assert.deepEqual(await page.evaluate(() => window.__AR_STORE__.getState().selected), {
    layer: 0,
    item: 0,
    unit,
  });
  assert.equal(await page.getByRole('status').getAttribute('data-state'), 'paused');
  assert.equal(
    await page.evaluate(() => window.__AR_STORE__.getState().weights.feedback),
    'exact',
    'exact transport by default',
  );

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
  // The inspector redraws on the next frame: wait until it shows the step the run stopped at.
  const final = await page.evaluate(() => window.__AR_STORE__.getState().run.step);
  await until(async () => (await value('inspector-step')) === final, {
    message: `the inspector at the final step ${final}`,
  });
  const [target, v, g, change] = await Promise.all(
    ['inspector-target', 'inspector-v', 'inspector-g', 'inspector-step-change'].map(value),
  );
  assert.ok(rel(target, v) < 1e-4, `target ${target} vs v ${v}`);
  assert.ok(rel(target, g) < 1e-4, `target ${target} vs g ${g}`);
  assert.ok(rel(v, g) < 1e-4, `v ${v} vs g ${g}`);
  assert.ok(Math.abs(change) < 1e-4 * Math.abs(g), `step change ${change} ≈ 0 at equilibrium`);

  // The displayed sum is the sum over every unit j of the layer above, from the store's own arrays.
  const all = await page.evaluate((i) => {
    const s = window.__AR_STORE__.getState();
    const [n, m] = [s.net.layerSizes[0], s.net.layerSizes[1]];
    const B = s.weights.backward[1];
    const D = s.derivative[1];
    let sum = 0;
    for (let j = 0; j < m; j++) sum += B[j * n + i] * s.values[1][j] * (D ? D[j] : 1);
    return { sum, m };
  }, unit);
  assert.ok(rel(target, all.sum) < 1e-6, `displayed ${target} vs Σ ${all.sum}`);
  const terms = await page.$$eval('[data-testid="inspector-term"]', (rows) =>
    rows.map((r) => Number(r.dataset.value)),
  );
  const rest = page.getByTestId('inspector-rest');
  const restSum = (await rest.count()) ? Number(await rest.getAttribute('data-value')) : 0;
  const restCount = (await rest.count()) ? Number(await rest.getAttribute('data-count')) : 0;
  assert.equal(terms.length, Math.min(6, all.m));
  assert.equal(terms.length + restCount, all.m, 'every term is listed or counted');
  for (let k = 1; k < terms.length; k++)
    assert.ok(Math.abs(terms[k]) <= Math.abs(terms[k - 1]), 'largest terms first');
  assert.ok(rel(terms.reduce((a, b) => a + b, 0) + restSum, target) < 1e-5, 'listed + rest = sum');
  await app.screenshot('inspector-converged-1280x800');
  await page
    .getByRole('region', { name: 'Inspector' })
    .screenshot({ path: join(ARTIFACTS, 'inspector-converged-panel-1280.png') });
  assert.equal(await page.locator('text=NaN').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('the output unit is shown clamped to e_L, equal to g', async () => {
  const { page } = app;
  await page.getByLabel('Inspector layer').selectOption({ label: 'Output (3 units)' });
  const region = page.getByRole('region', { name: 'Inspector' });
  await region.getByText('clamped', { exact: false }).first().waitFor();
  assert.equal(
    await page.getByTestId('inspector-target').count(),
    0,
    'no relaxation target for a clamped unit',
  );
  const [v, g] = await Promise.all(['inspector-v', 'inspector-g'].map(value));
  assert.ok(rel(v, g) < 1e-5, `e_L ${v} vs g ${g}`);
  await region.screenshot({ path: join(ARTIFACTS, 'inspector-output-panel-1280.png') });
  assert.deepEqual(app.errors, []);
});

// Convergence panel: the metric selector switches the plotted quantity, tolerance markers appear where each
// layer comes within the tolerance, and the η overlay draws the closed-form decay with its stability inset.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, until, waitReady, withApp } from './browser.mjs';

let app;
before(async () => {
  app = await openApp({ query: 'debug=1&speed=120' });
});
after(async () => {
  await app?.close();
});

const region = () => app.page.getByRole('region', { name: 'Convergence' });
const yTitle = () => region().locator('.conv-ytitle').textContent();
const firstPath = () => region().locator('.lines path').first().getAttribute('d');
const markers = () =>
  region()
    .locator('.conv-markers path')
    .evaluateAll((els) => els.map((e) => ({ layer: +e.dataset.layer, step: +e.dataset.step })));
const since = () =>
  app.page.$$eval('[data-testid^="tol-step-layer-"]', (els) =>
    els.map((e) => (e.dataset.value === '' ? NaN : Number(e.dataset.value))),
  );

test('tolerance markers appear for every layer once the run converges', async () => {
  const { page } = app;
  await waitReady(page);
  assert.deepEqual(await markers(), [], 'no markers before the run');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(200);
  const converged = await page.evaluate(() => window.__AR_STORE__.getState().run.step);
  // Relative error: one marker per layer, where its curve crosses the dashed tolerance line.
  const rel = await markers();
  assert.deepEqual(
    rel.map((m) => m.layer).sort(),
    [1, 2, 3],
    `one relative-error marker per layer: ${JSON.stringify(rel)}`,
  );
  const relSince = await since();
  assert.ok(
    relSince.every((s) => s > 0 && s <= converged),
    `within tolerance since ${relSince}`,
  );
  assert.match(await region().locator('.conv-thresholds text').textContent(), /tolerance 1 × 10⁻⁵/);
  // Residual: the rule the run stops on, so the last layer to reach it does so by the converged step.
  await region().getByLabel('Plotted quantity').selectOption('residual');
  // Markers are redrawn in the same frame as the lines: wait for the residual lines first.
  await until(
    async () => (await region().locator('.lines path').first().getAttribute('data-metric')) === 'residual',
    {
      message: 'the residual drawn',
    },
  );
  await until(async () => (await markers()).length === 3, { message: 'residual markers' });
  const res = await markers();
  const last = Math.max(...res.map((m) => m.step));
  assert.ok(last <= converged && last > Math.max(...rel.map((m) => m.step)), `last residual marker ${last}`);
  // The tooltip says what the marker means, on tap or click as well as hover.
  await region()
    .getByRole('button', { name: /first step within tolerance/ })
    .click();
  await region().getByRole('tooltip').filter({ hasText: 'the rule the run stops on' }).waitFor();
  assert.deepEqual(app.errors, []);
});

test('the metric selector switches the plotted quantity and its axis title', async () => {
  const select = region().getByLabel('Plotted quantity');
  const seen = new Map();
  for (const [value, title] of [
    ['relError', 'Relative error ‖v − g‖² / ‖g‖²'],
    ['sqError', 'Squared error ‖v − g‖²'],
    ['oneMinusCos', '1 − cos(v, g)'],
    ['residual', 'Residual ‖target − v‖'],
  ]) {
    await select.selectOption(value);
    await until(async () => (await yTitle()) === title, { message: `y title "${title}"` });
    await until(
      async () => (await region().locator('.lines path').first().getAttribute('data-metric')) === value,
      {
        message: `${value} drawn`,
      },
    );
    seen.set(value, await firstPath());
  }
  const paths = [...seen.values()];
  assert.equal(new Set(paths).size, 4, 'four different curves');
  paths.forEach((d) => assert.match(d, /^M[\d.]+,[\d.]+L/));
  // The table keeps the existing read-outs whatever is plotted.
  assert.ok(Number.isFinite(Number(await app.page.getByTestId('relerr-layer-1').getAttribute('data-value'))));
  await select.selectOption('relError');
  assert.deepEqual(app.errors, []);
});

test('η overlay: seven closed-form decay lines and the stability inset', async () => {
  await region().getByRole('switch', { name: 'η overlay' }).check();
  const env = region().locator('.conv-envelopes path');
  await until(async () => (await env.count()) === 7, { message: 'seven envelopes' });
  const etas = await env.evaluateAll((els) => els.map((e) => +e.dataset.eta));
  assert.deepEqual(etas, [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]);
  for (const d of await env.evaluateAll((els) => els.map((e) => e.getAttribute('d'))))
    assert.match(d, /^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/, 'a straight line on the log axis');
  // Faster step sizes fall more steeply: compare the slopes of the lines.
  const slopes = await env.evaluateAll((els) =>
    els.map((e) => {
      const [a, b] = e
        .getAttribute('d')
        .slice(1)
        .split('L')
        .map((p) => p.split(',').map(Number));
      return (b[1] - a[1]) / (b[0] - a[0]);
    }),
  );
  for (let i = 1; i < slopes.length; i++) assert.ok(slopes[i] < slopes[i - 1], `η order of slopes ${slopes}`);
  assert.equal(await region().locator('.lines path').count(), 1, 'only layer 1 is measured in the overlay');
  assert.match(await region().locator('.conv-theory').textContent(), /every mode decays as \|1 − η\|/);
  const inset = region().locator('svg.conv-inset-svg');
  assert.match(await inset.locator('.conv-inset-unstable').textContent(), /unstable/);
  assert.equal(await inset.locator('circle.sweep').count(), 7);
  await app.screenshot('convergence-overlay-1280x800');
  await region().screenshot({ path: 'tests/e2e/artifacts/convergence-overlay-1280x800.png' });
  await region().getByRole('switch', { name: 'η overlay' }).uncheck();
  await until(async () => (await region().locator('.lines path').count()) === 3, {
    message: 'three layers again',
  });
  await region().screenshot({ path: 'tests/e2e/artifacts/convergence-panel-1280x800.png' });
  assert.deepEqual(app.errors, []);
});

test('768×1024 touch: controls and overlay fit, a tap reads the curve', () =>
  withApp(
    {
      query: 'debug=1&speed=200',
      context: { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true },
    },
    async (m) => {
      const { page } = m;
      await waitReady(page);
      await page.getByRole('button', { name: 'Play', exact: true }).tap();
      await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
      const conv = page.getByRole('region', { name: 'Convergence' });
      await conv.getByRole('switch', { name: 'η overlay' }).tap();
      await conv.locator('.conv-envelopes path').first().waitFor();
      const svg = conv.locator('.conv-chart svg');
      await svg.scrollIntoViewIfNeeded();
      const box = await svg.boundingBox();
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 3);
      await conv.locator('.conv-charttip:not([hidden])', { hasText: 'theory, η = 0.1' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
      await conv.screenshot({ path: 'tests/e2e/artifacts/convergence-overlay-768x1024.png' });
      assert.deepEqual(m.errors, []);
    },
  ));

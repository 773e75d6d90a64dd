// AR vs backprop: with exact transport every unit settles on the identity line (max |v − g| ≤ 1e-4 in every
// layer); with random feedback, switched on in the header, the relaxation settles off it.

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

const readout = (page, name) =>
  page.$$eval(`[data-testid^="${name}-layer-"]`, (els) =>
    els.map((e) => (e.dataset.value === '' ? NaN : Number(e.dataset.value))),
  );
const runState = (page) => page.evaluate(() => window.__AR_STORE__.getState().run);
/** Painted pixels on the scatter canvas (it is the only canvas in the panel). */
const painted = (page) =>
  page.$eval('.scatter-canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
/** max |v − g| per hidden layer, straight from the store (what the panel must agree with). */
const storeMaxAbs = (page) =>
  page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    return s.net.hidden.map((l) => {
      let m = 0;
      s.values[l].forEach((v, i) => (m = Math.max(m, Math.abs(v - s.reference[l][i]))));
      return m;
    });
  });

test('exact transport: every point ends on the identity line', async () => {
  const { page } = app;
  await waitReady(page);
  const region = page.getByRole('region', { name: 'AR vs backprop' });
  await region.waitFor();
  // At step 0 the points are the feedforward activations, far from the gradient.
  await until(async () => (await readout(page, 'scatter-maxabs')).length === 3, { message: 'the readout' });
  const start = await readout(page, 'scatter-maxabs');
  assert.ok(start[0] > 1e-2, `starts off the diagonal: ${start}`);
  assert.ok((await painted(page)) > 50, 'points are drawn');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
  // The run stops at a relative tolerance on the residual; run on until the worst unit is within 1e-4.
  if ((await readout(page, 'scatter-maxabs')).some((x) => !(x <= 1e-4)))
    await page.getByRole('button', { name: 'Play', exact: true }).click();
  const maxAbs = await until(
    async () => {
      const m = await readout(page, 'scatter-maxabs');
      return m.length === 3 && m.every((x) => x <= 1e-4) ? m : null;
    },
    { timeout: 20_000, message: 'max |v − g| ≤ 1e-4 in every layer' },
  );
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isEnabled()) await pause.click();
  const fromStore = await storeMaxAbs(page);
  fromStore.forEach((m, k) => assert.ok(m <= 1e-4, `store: layer ${k + 1} max |v − g| = ${m}`));
  (await readout(page, 'scatter-r2')).forEach((r2) => assert.ok(r2 > 0.999999, `R² = ${r2}`));
  const angles = await readout(page, 'update-angle');
  angles.forEach((a, k) => assert.ok(a < 1, `weight-update angle ${k + 1} = ${a}° with exact transport`));
  assert.ok(maxAbs.every(Number.isFinite));
  await page.waitForTimeout(200);
  await app.screenshot('scatter-exact-1280x800');
  await region.screenshot({ path: 'tests/e2e/artifacts/scatter-panel-exact-1280x800.png' });
  assert.deepEqual(app.errors, []);
});

test('random feedback: the relaxation settles off the diagonal', async () => {
  const { page } = app;
  const before = (await runState(page)).step;
  await page.getByRole('switch', { name: 'Random feedback' }).check();
  // A change of dynamics restarts a converged run by itself; a paused one needs Play.
  await page.waitForTimeout(300);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if ((await runState(page)).state === 'paused' && (await play.isEnabled())) await play.click();
  // Relaxed again: converged, or 300 steps on (0.9^300 ≈ 2e-14 of the change is left at η = 0.1; a converged
  // run restarted by the toggle runs on without stopping). At least 50 steps on in any case: the store can show
  // the first new step while the state still reads "converged" from before the toggle.
  await until(
    async () => {
      const r = await runState(page);
      return r.step > before + 50 && (r.state === 'converged' || r.step > before + 300);
    },
    { timeout: 30_000, message: 'the relaxation to settle with random feedback' },
  );
  await page.waitForTimeout(300);
  const maxAbs = await readout(page, 'scatter-maxabs');
  if (!(maxAbs[0] > 1e-2)) {
    // Seen once under load; say what the page held, so the next failure explains itself.
    const seen = { before, run: await runState(page), store: await storeMaxAbs(page) };
    assert.fail(
      `layer 1 is not visibly off the diagonal: max |v − g| = ${maxAbs[0]}; ${JSON.stringify(seen)}`,
    );
  }
  const r2 = await readout(page, 'scatter-r2');
  assert.ok(r2[0] < 0.99, `R² of y = x drops: ${r2[0]}`);
  assert.equal(await page.getByRole('switch', { name: 'Random feedback' }).isChecked(), true);
  await app.screenshot('scatter-random-1280x800');
  await page
    .getByRole('region', { name: 'AR vs backprop' })
    .screenshot({ path: 'tests/e2e/artifacts/scatter-panel-random-1280x800.png' });
  assert.deepEqual(app.errors, []);
});

test('768×1024 touch: tapping a point shows its numbers and selects it', () =>
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
      const svg = page.locator('.scatter-svg');
      // A touch lands only inside the viewport.
      await svg.scrollIntoViewIfNeeded();
      const box = await svg.boundingBox();
      // The point nearest the plot centre: g and v both near 0, on the diagonal.
      const centre = await page.$eval('.scatter-identity', (l) => {
        const b = l.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      });
      await page.touchscreen.tap(centre.x, centre.y);
      await page.locator('.scatter-stage .conv-charttip:not([hidden])').waitFor();
      assert.ok(box.width <= 768);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
      await page
        .getByRole('region', { name: 'AR vs backprop' })
        .screenshot({ path: 'tests/e2e/artifacts/scatter-panel-768x1024.png' });
      assert.deepEqual(m.errors, []);
    },
  ));

// Neuron traces: the small multiples draw real trajectories, move while the relaxation runs, and end on the
// exact gradient; the picker adds and removes units; a tap on a chart selects the unit for the inspector.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, stepCount, until, waitReady, withApp } from './browser.mjs';

let app;
before(async () => {
  app = await openApp({ query: 'debug=1' });
});
after(async () => {
  await app?.close();
});

const region = () => app.page.getByRole('region', { name: 'Neuron traces' });
const num = async (loc) => {
  const v = await loc.getAttribute('data-value');
  return v === '' || v === null ? NaN : Number(v);
};
/** v, g and |v − g| of every traced unit as shown, with the unit it names. */
const shown = (page) =>
  page.$$eval('.traces-cell', (cells) =>
    cells.map((c, j) => {
      const val = (k) => {
        const d = c.querySelector(`[data-testid="trace-${j + 1}-${k}"]`)?.dataset.value;
        return d === undefined || d === '' ? NaN : Number(d);
      };
      const svg = c.querySelector('svg.traces-svg');
      return {
        unit: { layer: +svg.dataset.layer, item: +svg.dataset.item, unit: +svg.dataset.unit },
        v: val('v'),
        g: val('g'),
        diff: val('diff'),
        path: c.querySelector('.traces-value path')?.getAttribute('d') ?? '',
      };
    }),
  );

test('traces draw real data and move while the relaxation runs', async () => {
  const { page } = app;
  await waitReady(page);
  // The worker traces one unit per hidden layer by default.
  await until(async () => (await page.locator('.traces-cell').count()) === 3, {
    message: 'three default traces',
  });
  assert.equal(await region().getByText('Layer 1 · unit 0 · item 0').count(), 1);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await stepCount(page)) > 5, { message: 'step 5' });
  const early = await shown(page);
  await until(async () => (await stepCount(page)) > 40, { message: 'step 40' });
  // Charts redraw at most once a frame (less often off-screen): wait for the draw after step 40.
  const later = await until(
    async () => {
      const now = await shown(page);
      return now.every((t, j) => t.path !== early[j].path) ? now : null;
    },
    { timeout: 10_000, message: 'every trace to grow' },
  );
  for (let j = 0; j < 3; j++) {
    assert.match(later[j].path, /^M[\d.]+,[\d.-]+L/, `trace ${j + 1} has a line`);
    assert.notEqual(later[j].path, early[j].path, `trace ${j + 1} grows while running`);
  }
  assert.ok(
    later.some((t, j) => t.v !== early[j].v),
    'the shown values move',
  );
  // The numbers are the store's: g from the autodiff reference, v from the recorded trace.
  const fromStore = await page.evaluate(
    (units) => {
      const s = window.__AR_STORE__.getState();
      return units.map(({ layer, item, unit }) => s.reference[layer][item * s.net.layerSizes[layer] + unit]);
    },
    later.map((t) => t.unit),
  );
  later.forEach((t, j) =>
    assert.ok(Math.abs(t.g - fromStore[j]) <= 1e-7 * Math.max(1, Math.abs(t.g)), `g of trace ${j + 1}`),
  );
  assert.deepEqual(app.errors, []);
});

test('after convergence with exact transport every traced v equals its gradient', async () => {
  const { page } = app;
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(200);
  const traces = await shown(page);
  assert.equal(traces.length, 3);
  for (const t of traces) {
    assert.ok(Number.isFinite(t.v) && Number.isFinite(t.g), `numbers shown for ${JSON.stringify(t.unit)}`);
    assert.ok(
      t.diff <= 1e-4 * Math.max(1, Math.abs(t.g)),
      `|v − g| = ${t.diff} for ${JSON.stringify(t.unit)}`,
    );
    assert.ok(
      Math.abs(t.diff - Math.abs(t.v - t.g)) <= 1e-9 + 1e-6 * Math.abs(t.g),
      'the difference is |v − g|',
    );
  }
  // The end of each drawn line is the dashed gradient: the same pixel row, within a pixel.
  const ends = await page.$$eval('.traces-cell', (cells) =>
    cells.map((c) => {
      const d = c.querySelector('.traces-value path').getAttribute('d');
      const lastY = Number(d.split(/[ML]/).at(-1).split(',')[1]);
      return { lastY, gY: Number(c.querySelector('.traces-gradient line').getAttribute('y1')) };
    }),
  );
  ends.forEach((e, j) =>
    assert.ok(Math.abs(e.lastY - e.gY) < 1, `trace ${j + 1} ends on g (${e.lastY} vs ${e.gY})`),
  );
  // The numbers follow the timeline: at an earlier recorded step they are that step's, with a cursor.
  const past = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    // A recorded state inside the traces' step range (they start at step 1).
    const snap = s.history.at(s.history.steps().find((t) => t >= 10));
    s.setViewStep(snap.step);
    const { layer, item, unit } = s.traj.traces[0];
    return { step: snap.step, v: snap.values[layer][item * s.net.layerSizes[layer] + unit] };
  });
  await until(async () => (await num(page.getByTestId('trace-1-v'))) === past.v, {
    message: 'v at the timeline step',
  });
  assert.equal(await page.locator('.traces-cursor line').count(), 3, 'a cursor in every chart');
  await page.evaluate(() => window.__AR_STORE__.getState().setViewStep(null));
  await until(async () => (await page.locator('.traces-cursor line').count()) === 0, {
    message: 'back to live',
  });
  await app.screenshot('traces-converged-1280x800');
  await region().screenshot({ path: 'tests/e2e/artifacts/traces-panel-1280x800.png' });
});

test('the picker adds and removes a unit; a tap on a chart selects it', async () => {
  const { page } = app;
  const picker = page.getByRole('form', { name: 'Trace a unit' });
  await picker.getByLabel('Layer').selectOption({ label: 'Layer 2' });
  await picker.getByLabel(/Unit/).fill('5');
  await picker.getByLabel(/Item/).fill('3');
  await picker.getByRole('button', { name: '+ Trace' }).click();
  const cell = page.locator('.traces-cell', { hasText: 'Layer 2 · unit 5 · item 3' });
  await cell.waitFor();
  // Recorded from the next step on.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await cell.locator('.traces-value path').getAttribute('d'))?.startsWith('M'), {
    message: 'the new trace to be drawn',
  });
  assert.ok(Number.isFinite(await num(cell.locator('[data-testid$="-g"]'))));
  await cell.locator('svg.traces-svg').click();
  const selected = await page.evaluate(() => window.__AR_STORE__.getState().selected);
  assert.deepEqual(selected, { layer: 1, item: 3, unit: 5 });
  await cell.getByRole('button', { name: 'Stop tracing Layer 2 · unit 5 · item 3' }).click();
  await until(async () => (await page.locator('.traces-cell').count()) === 3, {
    message: 'back to three traces',
  });
  assert.deepEqual(app.errors, []);
});

test('768×1024 touch: the multiples reflow and stay readable', () =>
  withApp(
    {
      query: 'debug=1&speed=200',
      context: { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true },
    },
    async (m) => {
      await waitReady(m.page);
      await m.page.getByRole('button', { name: 'Play', exact: true }).tap();
      await m.page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 30_000 });
      const overflow = await m.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
      // A tap on a chart shows the read-out.
      await m.page
        .locator('svg.traces-svg')
        .first()
        .tap({ position: { x: 150, y: 50 } });
      await m.page.locator('.traces-host .conv-charttip:not([hidden])').waitFor();
      await m.page
        .getByRole('region', { name: 'Neuron traces' })
        .screenshot({ path: 'tests/e2e/artifacts/traces-panel-768x1024.png' });
      assert.deepEqual(m.errors, []);
    },
  ));

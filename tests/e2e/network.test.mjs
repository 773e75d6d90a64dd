// The network view: draws real data, shows v sliding onto g while the run converges, traces a unit on
// click (mouse) and tap (touch), and draws the paper MNIST network in its compact form. Screenshots of the
// panel go to tests/e2e/artifacts/network-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, stepCount, until, waitReady, withApp, openApp } from './browser.mjs';

const panel = (page) => page.getByRole('region', { name: 'Network' });
const canvas = (page) => panel(page).locator('canvas.network-canvas');
const shot = (page, name) => panel(page).screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/** Numbers of the per-layer readout, by data-testid prefix (NaN when empty). */
async function readout(page, prefix) {
  return page.$$eval(`[data-testid^="${prefix}"]`, (els) =>
    els.map((e) => (e.dataset.value === '' ? NaN : Number(e.dataset.value))),
  );
}

/** Canvas pixels that are not blank (sampled), to tell a drawn network from an empty canvas. */
const inkedPixels = (page) =>
  canvas(page).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) n++;
    return n;
  });

/** Page coordinates of a unit's mark, from the layout the canvas publishes. */
async function unitPoint(page, layer, unit) {
  await canvas(page).scrollIntoViewIfNeeded();
  const box = await canvas(page).boundingBox();
  const cols = JSON.parse(await canvas(page).getAttribute('data-columns'));
  const c = cols.find((col) => col.layer === layer);
  if (c.kind === 'grid') {
    const row = Math.floor(unit / c.cols);
    return { x: box.x + c.gx + (unit - row * c.cols + 0.5) * c.cell, y: box.y + c.gy + (row + 0.5) * c.cell };
  }
  return { x: box.x + c.x, y: box.y + c.y0 + unit * c.pitch };
}

const traces = (page) => page.evaluate(() => window.__AR_STORE__.getState().config.traces);

let app;
before(async () => {
  app = await openApp({ query: 'debug=1' });
});
after(async () => {
  await app?.close();
});

test('draws the small network with real data and a per-layer readout', async () => {
  const { page } = app;
  await waitReady(page);
  await until(
    async () => (await readout(page, 'network-maxdiff-layer-')).filter(Number.isFinite).length === 3,
    {
      message: 'per-layer max |v − g| for the three hidden layers',
    },
  );
  assert.ok((await inkedPixels(page)) > 2000, 'the canvas is drawn');
  const maxg = await readout(page, 'network-maxg-layer-');
  assert.equal(maxg.length, 3);
  maxg.forEach((g) => assert.ok(g > 0, `max |g| ${g}`));
  // The readout is the store's numbers: example 1, layer 1.
  const fromStore = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    const n = s.net.layerSizes[0];
    const g = s.reference[0].subarray(0, n);
    return Math.max(...Array.from(g, Math.abs));
  });
  assert.ok(Math.abs(fromStore - maxg[0]) <= 1e-6 * fromStore);
  await shot(page, 'network-small-step0-1280x800');
  assert.deepEqual(app.errors, []);
});

test('v slides onto g while running: max |v − g| falls, and ≤ 1e-4 × max |g| once converged', async () => {
  const { page } = app;
  const worst = async () => Number(await page.getByTestId('network-maxrel').getAttribute('data-value'));
  const start = await worst();
  assert.ok(start > 1e-2, `the feedforward start is far from g (${start})`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await stepCount(page)) > 15, { message: 'steps' });
  const mid = await until(
    async () => {
      const w = await worst();
      return w < start ? w : null;
    },
    { message: 'max |v − g| to fall' },
  );
  await shot(page, 'network-small-running-1280x800');
  await page.getByRole('status').filter({ hasText: 'Converged' }).waitFor({ timeout: 60_000 });
  const end = await until(
    async () => {
      const w = await worst();
      return w < mid ? w : null;
    },
    { timeout: 5_000, message: 'the readout to catch up with convergence' },
  );
  const diff = await readout(page, 'network-maxdiff-layer-');
  const maxg = await readout(page, 'network-maxg-layer-');
  diff.forEach((d, k) =>
    assert.ok(d <= 1e-4 * maxg[k], `layer ${k + 1}: max |v − g| ${d} vs max |g| ${maxg[k]}`),
  );
  assert.ok(end <= 1e-4, `worst relative ${end}`);
  await shot(page, 'network-small-converged-1280x800');
  assert.deepEqual(app.errors, []);
});

test('clicking a unit traces it, shows its numbers, and clicking again untraces it', async () => {
  const { page } = app;
  const before = await traces(page);
  const p = await unitPoint(page, 1, 2);
  await page.mouse.move(p.x, p.y);
  const tip = page.getByTestId('network-tooltip');
  await tip.filter({ hasText: 'Layer 2, unit 2' }).waitFor();
  assert.match(await tip.textContent(), /v \(relaxing\).*g = ∂Loss\/∂x.*v − g/);
  await page.mouse.click(p.x, p.y);
  const after = await until(
    async () => {
      const t = await traces(page);
      return t.length === before.length + 1 ? t : null;
    },
    { message: 'the store traces to grow' },
  );
  assert.deepEqual(after.at(-1), { layer: 1, item: 0, unit: 2 });
  const selected = await page.evaluate(() => window.__AR_STORE__.getState().selected);
  if (selected !== undefined) assert.deepEqual(selected, { layer: 1, item: 0, unit: 2 });
  const chip = page.getByTestId(`network-trace-${after.length - 1}`);
  await chip.waitFor();
  assert.ok(Number.isFinite(Number(await chip.getAttribute('data-value'))));
  // Another example: the selector switches, and the click traces that example's unit.
  await page.locator('#network-item').selectOption('3');
  const q = await unitPoint(page, 0, 5);
  await page.mouse.click(q.x, q.y);
  await until(async () => (await traces(page)).some((t) => t.layer === 0 && t.item === 3 && t.unit === 5), {
    message: 'a trace on example 4',
  });
  await shot(page, 'network-small-traced-1280x800');
  await page.mouse.click(q.x, q.y);
  await until(async () => !(await traces(page)).some((t) => t.item === 3), {
    message: 'untrace on second click',
  });
  assert.equal((await traces(page)).length, before.length + 1);
  assert.deepEqual(app.errors, []);
});

test('keyboard: arrows walk the units with the tooltip, Enter traces', async () => {
  const { page } = app;
  await page.locator('#network-item').selectOption('0');
  await canvas(page).focus();
  // Escape lets go of the unit the mouse left pinned; the first arrow then starts at Layer 1, unit 0.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.getByTestId('network-tooltip').filter({ hasText: 'Layer 1, unit 1' }).waitFor();
  const n = (await traces(page)).length;
  await page.keyboard.press('Enter');
  await until(async () => (await traces(page)).some((t) => t.layer === 0 && t.item === 0 && t.unit === 1), {
    message: 'a trace from the keyboard',
  });
  await page.keyboard.press('Enter');
  await until(async () => (await traces(page)).length === n, { message: 'untraced from the keyboard' });
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('network-tooltip').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('random feedback: backward weights drawn as dashed arcs, and v settles away from g', async () => {
  const { page } = app;
  const back = page.getByRole('switch', { name: 'Show backward weights' });
  assert.equal(await back.isDisabled(), true, 'nothing to show with exact transport');
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max' }));
  await page.getByRole('switch', { name: 'Random feedback' }).click({ force: true });
  await until(async () => !(await back.isDisabled()), { message: 'the backward switch to enable' });
  await until(
    async () => (await page.evaluate(() => window.__AR_STORE__.getState().weights?.feedback)) === 'random',
    {
      message: 'random backward weights in the store',
    },
  );
  // A live option change may already have resumed the run.
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const from = await stepCount(page);
  if (await play.isEnabled()) await play.click();
  // The run relaxes onto the new fixed point and stops again at the tolerance (or keeps going at max speed).
  await until(
    async () => {
      const s = await page.evaluate(() => window.__AR_STORE__.getState().run);
      return (s.state === 'converged' && s.step > from) || s.step > from + 200;
    },
    { timeout: 60_000, message: 'steps with random feedback' },
  );
  // data-edges: "forward backward" edges drawn in the last frame.
  const edges = async () => (await canvas(page).getAttribute('data-edges')).split(' ').map(Number);
  assert.deepEqual(await edges(), [184, 152], 'every W and every B between relaxing layers');
  await shot(page, 'network-small-random-feedback-1280x800');
  await back.click({ force: true });
  await until(async () => (await edges())[1] === 0, { message: 'backward weights hidden' });
  assert.equal(await back.isChecked(), false);
  await back.click({ force: true });
  await until(async () => (await edges())[1] === 152, { message: 'backward weights shown again' });
  // Random feedback does not compute the gradient: the units settle elsewhere.
  const worst = Number(await page.getByTestId('network-maxrel').getAttribute('data-value'));
  assert.ok(worst > 1e-3, `v stays away from g (${worst})`);
  await page
    .getByRole('button', { name: 'Pause', exact: true })
    .click()
    .catch(() => {});
  await page.getByRole('switch', { name: 'Random feedback' }).click({ force: true });
  assert.deepEqual(app.errors, []);
});

test('the paper MNIST network renders as compact strips, and a cell can be traced', async () => {
  const { page } = app;
  await page.locator('#preset').selectOption('mnist');
  await until(
    async () =>
      (await page.evaluate(() => window.__AR_STORE__.getState().net?.layerSizes.join('-'))) ===
      '300-300-100-10',
    { timeout: 60_000, message: 'the MNIST network' },
  );
  await waitReady(page);
  // The canvas redraws on the next animation frame after the store has the new network.
  const kinds = await until(
    async () => {
      const c = JSON.parse((await canvas(page).getAttribute('data-columns')) ?? '[]');
      return c.length === 5 && c[1].n === 300 ? c.map((col) => col.kind) : null;
    },
    { message: 'the MNIST layout' },
  );
  assert.deepEqual(kinds, ['input-stub', 'grid', 'grid', 'grid', 'units']);
  await until(
    async () => (await readout(page, 'network-maxdiff-layer-')).filter(Number.isFinite).length === 3,
    {
      message: 'MNIST per-layer readout',
    },
  );
  assert.ok((await inkedPixels(page)) > 2000);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await stepCount(page)) >= 1, { message: 'one step' });
  const p = await unitPoint(page, 1, 57);
  await page.mouse.click(p.x, p.y);
  await until(async () => (await traces(page)).some((t) => t.layer === 1 && t.unit === 57), {
    message: 'grid trace',
  });
  await page.getByTestId('network-tooltip').filter({ hasText: 'Layer 2, unit 57' }).waitFor();
  await shot(page, 'network-mnist-1280x800');
  await app.screenshot('network-mnist-page-1280x800');
  assert.deepEqual(app.errors, []);
});

test('768×1024 touch: tapping a unit traces it and shows its tooltip', () =>
  withApp(
    { query: 'debug=1', context: { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true } },
    async (touch) => {
      const { page } = touch;
      await waitReady(page);
      await panel(page).scrollIntoViewIfNeeded();
      await until(
        async () => (await readout(page, 'network-maxdiff-layer-')).filter(Number.isFinite).length === 3,
        {
          message: 'readout',
        },
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
      await page.getByRole('button', { name: 'Play', exact: true }).tap();
      await until(async () => (await stepCount(page)) > 30, { message: 'steps' });
      const p = await unitPoint(page, 2, 4);
      await page.touchscreen.tap(p.x, p.y);
      await until(async () => (await traces(page)).some((t) => t.layer === 2 && t.unit === 4), {
        message: 'tap trace',
      });
      await page.getByTestId('network-tooltip').filter({ hasText: 'Layer 3, unit 4' }).waitFor();
      await shot(page, 'network-small-768x1024-touch');
      await touch.screenshot('network-page-768x1024-touch');
      assert.deepEqual(touch.errors, []);
    },
  ));

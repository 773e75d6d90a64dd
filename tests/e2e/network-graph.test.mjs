// The network view draws graph nets as DAGs: the CNN preset's conv and pooling nodes as feature maps in
// columns of bounded height, with their ops named in the headers (and in the accessible column list), a
// conv cell that can be tapped to select its unit; the residual preset's add node fed by two paths, the skip
// one arched over h2. Screenshots of the panel go to tests/e2e/artifacts/network-graph-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, until, waitReady, withApp } from './browser.mjs';

const panel = (page) => page.getByRole('region', { name: 'Network' });
const canvas = (page) => panel(page).locator('canvas.network-canvas');
const shot = (page, name) => panel(page).screenshot({ path: join(ARTIFACTS, `network-graph-${name}.png`) });
const TOUCH = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };

/** The layout the canvas publishes, once it has `n` columns (the input and every node). */
const columns = (page, n) =>
  until(
    async () => {
      const c = JSON.parse((await canvas(page).getAttribute('data-columns')) ?? '[]');
      return c.length === n ? c : null;
    },
    { message: `${n} columns drawn` },
  );

/** The per-column op list (visually hidden, for screen readers and tests). */
const graphList = (page) =>
  page.$$eval('[data-testid^="network-column-"]', (els) =>
    els.map((e) => ({
      op: e.dataset.op,
      shape: e.dataset.shape,
      parents: e.dataset.parents,
      text: e.textContent,
    })),
  );

/** Page coordinates of unit u's cell in a feature-map column (channel-last: u = (row·mw + col)·ch + channel). */
async function mapPoint(page, c, u) {
  await canvas(page).scrollIntoViewIfNeeded();
  const box = await canvas(page).boundingBox();
  const t = u % c.ch;
  const pix = (u - t) / c.ch;
  const [tx, ty] = c.tiles[t];
  return {
    x: box.x + tx + ((pix % c.mw) + 0.5) * c.cell,
    y: box.y + ty + (Math.floor(pix / c.mw) + 0.5) * c.cell,
  };
}

const selected = (page) => page.evaluate(() => window.__AR_STORE__.getState().selected);
const canvasHeight = (page) => canvas(page).evaluate((c) => c.getBoundingClientRect().height);

test('CNN preset: feature-map columns of bounded height, ops in the headers, a conv cell selects its unit', () =>
  withApp({ query: 'debug=1&preset=cnn&backend=wasm' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const cols = await columns(page, 8);
    assert.deepEqual(
      cols.map((c) => c.kind),
      ['maps', 'maps', 'maps', 'maps', 'maps', 'grid', 'grid', 'units'],
    );
    const h = await canvasHeight(page);
    assert.ok(h <= 700, `canvas ${h}px tall`);
    const list = await graphList(page);
    assert.deepEqual(
      list.map((c) => `${c.op} ${c.shape}`),
      [
        'input 28x28x1',
        'conv2d 24x24x6',
        'maxPool 12x12x6',
        'conv2d 8x8x16',
        'flatten 1024',
        'dense 120',
        'dense 84',
        'dense 10',
      ],
    );
    assert.match(list[1].text, /conv1 · 24×24×6: conv 5×5 of input/);
    assert.match(list[2].text, /max-pool 2 of conv1/);
    // conv2, channel 5, row 3, col 4.
    const conv2 = cols.find((c) => c.layer === 2);
    const unit = (3 * 8 + 4) * 16 + 5;
    const p = await mapPoint(page, conv2, unit);
    await page.mouse.click(p.x, p.y);
    await until(async () => (await selected(page))?.unit === unit, { message: 'the conv2 unit selected' });
    assert.deepEqual(await selected(page), { layer: 2, item: 0, unit });
    const tip = page.getByTestId('network-tooltip');
    await tip.filter({ hasText: `conv2 (layer 3), unit ${unit}` }).waitFor();
    assert.match(await tip.textContent(), /channel 5 · row 3, col 4/);
    await shot(page, 'cnn-1280x800');
    assert.deepEqual(app.errors, []);
  }));

test('residual preset: the add node has two parents, the skip link arches over h2', () =>
  withApp({ query: 'debug=1&preset=residual' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const cols = await columns(page, 6);
    const h = await canvasHeight(page);
    assert.ok(h <= 700, `canvas ${h}px tall`);
    const list = await graphList(page);
    assert.deepEqual(
      list.map((c) => c.op),
      ['input', 'dense', 'dense', 'add', 'dense', 'dense'],
    );
    assert.equal(list[3].parents, '0 1', 'skip = add(h1, h2)');
    assert.match(list[3].text, /skip · 12: add \(\+\) of h1 and h2/);
    // The arc: ink above h2's first unit and below the headers (where nothing else is drawn).
    const h2 = cols.find((c) => c.layer === 1);
    const ink = await canvas(page).evaluate(
      (c, { x, y1 }) => {
        const k = c.width / c.clientWidth;
        const d = c
          .getContext('2d')
          .getImageData(
            Math.round((x - 4) * k),
            Math.round(56 * k),
            Math.round(8 * k),
            Math.round((y1 - 56) * k),
          ).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      },
      { x: h2.x, y1: h2.y0 - 14 },
    );
    assert.ok(ink > 10, `skip arc above h2 (${ink} inked pixels)`);
    await shot(page, 'residual-1280x800');
    assert.deepEqual(app.errors, []);
  }));

test('768×1024 touch: the CNN stays short and a tapped conv1 cell selects its unit', () =>
  withApp({ query: 'debug=1&preset=cnn&backend=wasm', context: TOUCH }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const cols = await columns(page, 8);
    const h = await canvasHeight(page);
    assert.ok(h <= 600, `canvas ${h}px tall`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
    // conv1, channel 2, row 10, col 12.
    const unit = (10 * 24 + 12) * 6 + 2;
    const p = await mapPoint(page, cols[1], unit);
    await page.touchscreen.tap(p.x, p.y);
    await until(async () => (await selected(page))?.unit === unit, { message: 'the conv1 unit selected' });
    assert.equal((await selected(page)).layer, 0);
    await page
      .getByTestId('network-tooltip')
      .filter({ hasText: `unit ${unit}` })
      .waitFor();
    await shot(page, 'cnn-768x1024-touch');
    assert.deepEqual(app.errors, []);
  }));

test('768×1024 touch: residual and small MLP screenshots, no errors', () =>
  withApp({ query: 'debug=1&preset=residual', context: TOUCH }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await columns(page, 6);
    await panel(page).scrollIntoViewIfNeeded();
    await shot(page, 'residual-768x1024-touch');
    await page.locator('#preset').selectOption('small');
    await until(
      async () =>
        (await page.evaluate(() => window.__AR_STORE__.getState().net?.layerSizes.join('-'))) === '8-8-8-3',
      { message: 'the small network' },
    );
    await waitReady(page);
    const cols = await columns(page, 5);
    assert.deepEqual(
      cols.map((c) => c.kind),
      ['input-units', 'units', 'units', 'units', 'units'],
    );
    await shot(page, 'small-768x1024-touch');
    assert.deepEqual(app.errors, []);
  }));

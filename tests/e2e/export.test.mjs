// Export and import in the real app: every panel's export menu produces files that parse (PNG magic bytes,
// an SVG root, CSV rows × columns, JSON), named after the preset, seed and step; the network file round trip
// brings back the same step-0 state; a corrupt network file is refused with a message and changes nothing.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp, stepCount, until, waitReady } from './browser.mjs';

let app;
before(async () => {
  app = await openApp({ query: 'debug=1&backend=wasm&preset=small&seed=4' });
  await waitReady(app.page);
});
after(async () => {
  await app?.close();
});

/** Click an export menu item and return the download's file name and bytes. */
async function download(page, panel, format) {
  const region = page.getByRole('region', { name: panel });
  await region.getByRole('button', { name: `Export ${panel}`, exact: true }).click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    region.getByRole('button', { name: `Export ${panel} as ${format}` }).click(),
  ]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

const csvRows = (text) =>
  text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));

const isPng = (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

const hiddenRelErrors = (page) =>
  page.evaluate(() => window.__AR_STORE__.getState().values.map((v) => Array.from(v.slice(0, 8))));

test('panels export PNG, SVG, CSV and JSON that parse, named by preset, seed and step', async () => {
  const { page, errors } = app;
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('combobox', { name: 'Steps per click' }).selectOption('10');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await stepCount(page)) === 11, { message: 'step 11' });

  const png = await download(page, 'Convergence', 'PNG');
  assert.match(png.name, /^ar-explorer-convergence-small-seed4-step11\.png$/);
  assert.ok(isPng(png.bytes), 'PNG magic bytes');
  assert.ok(png.bytes.length > 2000, 'a PNG with content');

  const svg = await download(page, 'Convergence', 'SVG');
  const svgText = svg.bytes.toString('utf8');
  assert.match(svg.name, /\.svg$/);
  assert.match(svgText, /^<\?xml[^>]*\?>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svgText, /<\/svg>\s*$/);
  assert.match(svgText, /<path/);

  // A canvas panel: its SVG embeds the bitmap.
  const net = await download(page, 'Network', 'SVG');
  assert.match(net.bytes.toString('utf8'), /<image[^>]+href="data:image\/png;base64,/);
  assert.ok(isPng((await download(page, 'Network', 'PNG')).bytes));

  const metrics = await download(page, 'Convergence', 'per-layer metrics CSV');
  assert.equal(metrics.name, 'ar-explorer-convergence-small-seed4-step11-metrics.csv');
  const rows = csvRows(metrics.bytes.toString('utf8'));
  // Small net: 3 hidden layers × 4 metrics + step; one row per step 0…11 (step 0 included when recorded).
  assert.equal(rows[0].length, 13);
  assert.equal(rows[0][0], 'step');
  assert.ok(rows.length >= 12, `rows: ${rows.length}`);
  assert.ok(rows.slice(1).every((r) => r.length === 13 && Number.isFinite(Number(r[0]))));
  assert.equal(Number(rows.at(-1)[0]), 11);

  const traces = await download(page, 'Neuron traces', 'traced units CSV');
  const tRows = csvRows(traces.bytes.toString('utf8'));
  assert.equal(tRows[0][0], 'step');
  assert.equal((tRows[0].length - 1) % 2, 0);
  assert.ok(tRows.length >= 12);

  const json = JSON.parse((await download(page, 'Convergence', 'trajectories JSON')).bytes.toString('utf8'));
  assert.equal(json.format, 'ar-explorer-trajectories');
  assert.equal(json.layers.length, 3);
  assert.equal(json.layers[0].relError.length, json.steps.length);
  assert.deepEqual(errors, []);
});

test('a network file round trip restores the step-0 state; a corrupt file changes nothing', async () => {
  const { page, errors } = app;
  await page.getByRole('button', { name: 'Reset' }).click();
  await until(async () => (await stepCount(page)) === 0, { message: 'reset' });
  const before = await hiddenRelErrors(page);
  const weights = await page.evaluate(() =>
    Array.from(window.__AR_STORE__.getState().weights.w[0].slice(0, 16)),
  );

  await page.getByText('More', { exact: true }).click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save network file' }).click(),
  ]);
  assert.match(dl.suggestedFilename(), /^ar-explorer-network-small-seed4-step0\.json$/);
  const file = await dl.path();
  assert.equal(JSON.parse(await readFile(file, 'utf8')).format, 'ar-explorer-network');

  // Move away: relax some steps, then import.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await stepCount(page)) > 0, { message: 'a step' });
  const run = await page.evaluate(() => window.__AR_STORE__.getState().run.run);
  await page.getByTestId('network-file-input').setInputFiles(file);
  await page.getByText(/Loaded .*back at step 0/).waitFor();
  await until(async () => (await page.evaluate(() => window.__AR_STORE__.getState().run.run)) > run, {
    message: 'a new run',
  });
  assert.equal(await page.evaluate(() => window.__AR_STORE__.getState().run.step), 0);
  // The on-screen counter is a read-out (≤ 8 updates a second): it follows within a frame or two.
  await until(async () => (await stepCount(page)) === 0, { message: 'the step counter back at 0' });
  assert.deepEqual(await hiddenRelErrors(page), before);
  assert.deepEqual(
    await page.evaluate(() => Array.from(window.__AR_STORE__.getState().weights.w[0].slice(0, 16))),
    weights,
  );

  // A corrupt file: a message, and the run is untouched (same run id, same step, same values).
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await stepCount(page)) > 0, { message: 'a step' });
  const state = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    return { run: s.run.run, step: s.run.step, v: Array.from(s.values[0].slice(0, 8)) };
  });
  const bad = join(tmpdir(), `corrupt-network-${Date.now()}.json`);
  const good = JSON.parse(await readFile(file, 'utf8'));
  good.layers[1].w = good.layers[1].w.slice(3);
  await writeFile(bad, JSON.stringify(good));
  await page.getByTestId('network-file-input').setInputFiles(bad);
  const alert = page.getByRole('alert').filter({ hasText: 'Could not import' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /has \d+ values; shape .* needs \d+.*Nothing was changed/);
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    return { run: s.run.run, step: s.run.step, v: Array.from(s.values[0].slice(0, 8)) };
  });
  assert.deepEqual(after, state);

  await writeFile(bad, '{ this is not json');
  await page.getByTestId('network-file-input').setInputFiles(bad);
  await page
    .getByRole('alert')
    .filter({ hasText: /not valid JSON/ })
    .waitFor();
  assert.deepEqual(errors, []);
});

test('the training lab exports its curves after a short spiral run', async () => {
  const { page, errors } = app;
  await page.getByRole('tab', { name: 'Training lab' }).click();
  await page.getByRole('region', { name: 'Training controls' }).waitFor();
  await page.getByRole('button', { name: /Spiral/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  await until(() => page.evaluate(() => (window.__AR_LAB_STORE__.getState().evals.length ?? 0) >= 1), {
    message: 'an evaluation',
    timeout: 120_000,
  });
  await page.getByRole('button', { name: 'Pause training' }).click();
  const curves = await download(page, 'Learning curves', 'training curves CSV');
  assert.match(curves.name, /^ar-explorer-learning-curves-spiral-seed\d+-batch\d+-curves\.csv$/);
  const rows = csvRows(curves.bytes.toString('utf8'));
  assert.equal(rows[0][0], 'batch');
  assert.ok(rows.length > 2);
  assert.ok(rows.slice(1).every((r) => r.length === rows[0].length));
  const json = JSON.parse(
    (await download(page, 'Learning curves', 'training curves JSON')).bytes.toString('utf8'),
  );
  assert.equal(json.format, 'ar-explorer-training-curves');
  assert.ok(json.evals.length >= 1);
  assert.ok(isPng((await download(page, 'Learning curves', 'PNG')).bytes));
  assert.ok(isPng((await download(page, 'Decision boundaries', 'PNG')).bytes));
  assert.deepEqual(errors, []);
});

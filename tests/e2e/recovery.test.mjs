// Recovery: a lost WebGL context or a crashed worker is replaced by a worker on the next backend, with the
// same configuration, and the run continues. Faults are injected through the ?debug test hook only.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepCount, until, waitReady, withApp } from './browser.mjs';

const badge = (page) => page.getByTestId('backend-badge').getAttribute('data-backend');

async function startRunning(page) {
  await waitReady(page);
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ tolerance: 0 }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await stepCount(page)) > 5, { message: 'steps before the fault' });
}

async function expectRunningOn(page, backend) {
  await until(async () => (await badge(page)) === backend, {
    timeout: 60_000,
    message: `badge to say ${backend}`,
  });
  await until(async () => (await stepCount(page)) > 5, { timeout: 60_000, message: `steps on ${backend}` });
  const s = await page.evaluate(() => window.__AR_STORE__.getState().run);
  assert.equal(s.state, 'running');
  assert.equal(s.restarts, 1);
  await page
    .getByRole('status')
    .filter({ hasText: `Recovered on ${backend}` })
    .waitFor();
}

test('lost WebGL context: restarts on wasm and keeps running', () =>
  withApp({ query: 'debug=1&backend=webgl' }, async (app) => {
    const { page } = app;
    await startRunning(page);
    assert.equal(await badge(page), 'webgl');
    assert.equal(await page.evaluate(() => window.__AR_DEBUG__.fault('lose-context')), true);
    await expectRunningOn(page, 'wasm');
    await app.screenshot('recovered-from-lost-context');
    assert.deepEqual(app.errors, []);
  }));

test('crashed worker: restarts on cpu and keeps running', () =>
  withApp({ query: 'debug=1&backend=wasm' }, async (app) => {
    const { page } = app;
    await startRunning(page);
    assert.equal(await badge(page), 'wasm');
    await page.evaluate(() => window.__AR_DEBUG__.fault('crash'));
    await expectRunningOn(page, 'cpu');
    assert.deepEqual(app.errors, []);
  }));

test('crashed worker: an imported network file comes back with the restarted worker', () =>
  withApp({ query: 'debug=1&backend=wasm&preset=small&seed=4' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const firstWeights = () =>
      page.evaluate(() => Array.from(window.__AR_STORE__.getState().weights.w[0].slice(0, 8)));
    const seeded = await firstWeights();
    // A network file whose first layer differs from the seed's, imported through the client.
    const imported = await page.evaluate(async () => {
      const { client } = window.__AR_DEBUG__;
      const file = JSON.parse((await client.exportSnapshot()).text);
      file.layers[0].w = file.layers[0].w.map((x) => 1.5 * x);
      await client.importSnapshot(JSON.stringify(file));
      return Array.from(window.__AR_STORE__.getState().weights.w[0].slice(0, 8));
    });
    assert.notDeepEqual(imported, seeded);
    // Every network the restarted worker configures, in order (the store's weights are replaced each time).
    await page.evaluate(() => {
      window.__seen = [];
      window.__AR_STORE__.subscribe((s, prev) => {
        if (s.weights !== prev.weights && s.weights)
          window.__seen.push(Array.from(s.weights.w[0].slice(0, 8)));
      });
      window.__AR_DEBUG__.fault('crash');
    });
    await until(async () => (await badge(page)) === 'cpu', { timeout: 60_000, message: 'restart on cpu' });
    const seen = await until(
      async () => {
        const list = await page.evaluate(() => window.__seen);
        return list.length >= 2 ? list : null;
      },
      { timeout: 60_000, message: 'the seeded network, then the imported one, after the restart' },
    );
    assert.deepEqual(seen.at(-1), imported);
    assert.deepEqual(await firstWeights(), imported);
    assert.deepEqual(app.errors, []);
  }));

test('crashed worker during training: the run continues from its last checkpoint with its curves', () =>
  withApp({ query: 'debug=1&backend=wasm&view=lab' }, async (app) => {
    const { page } = app;
    await until(() => page.evaluate(() => !!window.__AR_LAB_PRESETS__), { message: 'debug hooks' });
    const lab = () =>
      page.evaluate(() => {
        const s = window.__AR_LAB_STORE__.getState();
        return {
          state: s.state,
          lab: s.lab,
          done: s.progress?.done ?? 0,
          total: s.progress?.total ?? 0,
          batches: s.curves.batch,
          evals: s.evals.map((e) => e.batch),
        };
      });
    await page.evaluate(() => {
      const spiral = window.__AR_LAB_PRESETS__.SPIRAL;
      window.__AR_DEBUG__.client.labStart({ ...spiral, conditions: ['bp', 'ar'], epochs: 6, watchEvery: 0 });
      window.__labMessages = [];
      window.__AR_LAB_STORE__.subscribe((s) => window.__labMessages.push(s.message));
    });
    // A checkpoint comes with every evaluation after the first batch (every 18 batches here).
    await until(async () => (await lab()).evals.some((b) => b > 0), {
      timeout: 60_000,
      message: 'a checkpoint',
    });
    const before = await lab();
    assert.ok(before.done < before.total, 'the crash comes mid-run');
    await page.evaluate(() => window.__AR_DEBUG__.fault('crash'));
    await until(async () => (await badge(page)) === 'cpu', {
      timeout: 60_000,
      message: 'the restarted worker',
    });
    await until(async () => (await lab()).state === 'done', {
      timeout: 120_000,
      every: 500,
      message: 'the run to finish',
    });
    const after = await lab();
    const messages = await page.evaluate(() => window.__labMessages);
    assert.ok(
      messages.some((m) => /continues from batch \d+/.test(m)),
      `messages: ${messages.filter(Boolean).slice(-4)}`,
    );
    assert.equal(after.done, after.total);
    // Every batch once, in order: the curves up to the checkpoint were kept, the rest trained after it.
    assert.deepEqual(
      after.batches,
      Array.from({ length: after.total }, (_, i) => i + 1),
    );
    assert.deepEqual(app.errors, []);
  }));

test('malformed messages are refused with a warning and break nothing', () =>
  withApp({ query: 'debug=1' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.evaluate(() => {
      const w = window.__AR_DEBUG__.client.worker;
      w.postMessage({ v: 99, type: 'play' });
      w.postMessage({ v: 2, type: 'step', n: -3 });
      w.postMessage('garbage');
    });
    const rejected = () =>
      app.log.filter((l) => l.startsWith('warning:') && l.includes('rejected a message'));
    await until(() => rejected().length >= 3, { message: 'three warnings' });
    assert.match(rejected().join('\n'), /protocol version 99/);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await until(async () => (await stepCount(page)) === 1, { message: 'one step' });
    assert.deepEqual(app.errors, []);
  }));

test('without ?debug there is no fault hook and no store handle', () =>
  withApp({}, async (app) => {
    await waitReady(app.page);
    assert.equal(await app.page.evaluate(() => typeof window.__AR_DEBUG__), 'undefined');
    assert.equal(await app.page.evaluate(() => typeof window.__AR_STORE__), 'undefined');
  }));

// Offline after the first visit: the service worker precaches the build (app, worker chunk, wasm files) and
// the datasets; with the network cut, a reload loads the app, which configures and relaxes, and the training
// lab loads MNIST from the cache. A changed service worker (a new version) shows the reload notice, and
// reloading hands over to it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openApp, stepCount, until, waitReady } from './browser.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
/** The precache list the build wrote into sw.js. */
const manifest = JSON.parse(
  /const __PRECACHE__ = (\{.*?\});/.exec(readFileSync(join(dist, 'sw.js'), 'utf8'))[1],
);

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The app skips the service worker under automation unless asked (src/sw/register.ts). */
const optIn = (context) => context.addInitScript(() => localStorage.setItem('ar-explorer:sw', 'on'));

let app;
before(async () => {
  app = await openApp({ query: 'debug=1&backend=wasm' });
  await optIn(app.page.context());
  await app.page.reload();
});
after(async () => {
  await app?.close();
});

/** Entries in the service worker's cache of the current version. */
const cached = (page, version) =>
  page.evaluate(async (v) => {
    const cache = await caches.open(`ar-explorer-${v}`);
    return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1));
  }, version);

test('after the first visit the app, its worker, the wasm files and the datasets work offline', async () => {
  const { page, errors } = app;
  await waitReady(page);
  // ready resolves once a worker is active, which may still be activating.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(
    () => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state === 'activated'),
    {
      message: 'the service worker to be activated',
    },
  );
  const files = await until(
    async () => {
      const have = await cached(page, manifest.version);
      return have.length === manifest.files.length && have;
    },
    { message: 'the precache to fill', timeout: 60_000 },
  );
  for (const f of ['index.html', 'data/mnist-images.u8', 'data/mnist.json'])
    assert.ok(files.includes(f), `${f} is precached`);
  assert.ok(
    files.some((f) => /worker-.*\.js$/.test(f)),
    'the worker chunk is precached',
  );
  assert.equal(
    files.filter((f) => f.endsWith('.wasm')).length,
    3,
    'the three TF.js wasm files are precached',
  );

  await page.context().setOffline(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await page.reload();
  await waitReady(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the worker');
  const uncached = await page.evaluate(() =>
    fetch(`data/not-precached-${Date.now()}.json`).then(
      () => 'fetched',
      () => 'failed',
    ),
  );
  assert.equal(uncached, 'failed', 'the network really is cut');
  // That failed request is the one console error expected here.
  const i = errors.findIndex((e) => e.includes('ERR_INTERNET_DISCONNECTED'));
  if (i >= 0) errors.splice(i, 1);
  await page.getByRole('combobox', { name: 'Steps per click' }).selectOption('10');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(async () => (await stepCount(page)) === 10, { message: 'ten relaxation steps offline' });

  // The lab reads MNIST (7.8 MB) from the cache.
  await page.getByRole('tab', { name: 'Training lab' }).click();
  await page.getByRole('region', { name: 'Training controls' }).waitFor();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('mnist');
  await page.getByRole('button', { name: 'Start training' }).click();
  const lab = await until(
    () =>
      page.evaluate(() => {
        const s = window.__AR_LAB_STORE__.getState();
        return (
          (s.state === 'failed' || (s.progress?.done ?? 0) > 0) && {
            state: s.state,
            message: s.message,
            data: s.data?.name ?? s.config?.dataset,
          }
        );
      }),
    { message: 'MNIST training to start offline', timeout: 120_000 },
  );
  assert.notEqual(lab.state, 'failed', lab.message);
  await page
    .getByRole('button', { name: 'Stop training' })
    .click()
    .catch(() => {});
  await page.context().setOffline(false);
  assert.deepEqual(errors, []);
});

test('a new version installs beside the running one and the page offers a reload', async () => {
  // Our own server for dist/, whose sw.js can change between two requests: a new deployment.
  let next = false;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html');
    try {
      let body = await readFile(join(dist, path));
      if (path === '/sw.js' && next)
        body = Buffer.from(body.toString('utf8').replace(manifest.version, `${manifest.version}-next`));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const fresh = await openApp({ query: 'backend=wasm' });
  try {
    const { page, errors } = fresh;
    await optIn(page.context());
    await page.goto(`http://127.0.0.1:${server.address().port}/?backend=wasm`);
    await waitReady(page);
    await until(async () => (await cached(page, manifest.version)).length === manifest.files.length, {
      message: 'the precache to fill',
      timeout: 60_000,
    });
    next = true;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByRole('status').filter({ hasText: 'A new version is available' });
    await notice.waitFor({ timeout: 60_000 });
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await waitReady(page);
    const keys = await until(async () => {
      const k = await page.evaluate(() => caches.keys());
      return k.length === 1 && k;
    });
    assert.deepEqual(keys, [`ar-explorer-${manifest.version}-next`], 'the old cache is gone');
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
    server.close();
  }
});

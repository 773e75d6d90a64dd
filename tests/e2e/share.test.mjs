// Shareable state: a link opened in a fresh browser reproduces the run, a malformed link gets a notice (never
// a crash), the classroom link builder hides and locks, and every preset loads without console errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, openApp, stepCount, until, waitReady, withApp } from './browser.mjs';

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

/** Take 100 steps with the Step button (×100), and return every hidden layer's relative error there. */
async function errorsAtStep100(page) {
  await page.getByLabel('Steps per click').selectOption('100');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await until(
    async () =>
      (await stepCount(page)) === 100 &&
      (await page.evaluate(() => window.__AR_STORE__.getState().run.state)) !== 'running',
    { timeout: 60_000, message: 'step 100' },
  );
  return page.evaluate(() => {
    const s = window.__AR_STORE__.getState();
    return { step: s.run.step, relError: s.traj.metrics.relError.map((b) => b.last()), config: s.config };
  });
}

test('a shared link opened in a fresh browser reproduces the run (same step-100 errors)', async () => {
  const first = await openApp({ query: 'debug=1', context: CLIPBOARD });
  let link;
  let before;
  try {
    const { page } = first;
    await waitReady(page);
    // Change the setup through the controls, as a person would.
    await page.getByLabel('Step size η').fill('0.37');
    await page.getByRole('switch', { name: 'Learned backward weights' }).click();
    await page.getByText('Sequential', { exact: true }).click();
    await page.locator('details.more summary').click();
    await page.getByLabel('Seed').fill('7');
    await waitReady(page);
    before = await errorsAtStep100(page);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByText('Link copied').waitFor();
    link = await page.evaluate(() => navigator.clipboard.readText());
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }
  const url = new URL(link);
  assert.equal(url.search, '', 'the link carries no debug flag');
  for (const part of ['seed=7', 'eta=0.37', 'feedback=learned', 'schedule=sequential'])
    assert.ok(url.hash.includes(part), `${part} in ${url.hash}`);

  const second = await openApp({ query: 'debug=1', hash: url.hash });
  try {
    await waitReady(second.page);
    const after = await errorsAtStep100(second.page);
    assert.deepEqual(after.config.options, before.config.options);
    assert.equal(after.config.seed, 7);
    assert.equal(after.relError.length, before.relError.length);
    after.relError.forEach((x, i) => assert.equal(x, before.relError[i], `layer ${i + 1} at step 100`));
    assert.deepEqual(second.errors, []);
  } finally {
    await second.close();
  }
});

test('a malformed hash shows a dismissible notice naming what was ignored, and the app still runs', async () => {
  await withApp(
    { query: 'debug=1', hash: 'eta=abc&preset=small&zzz=1&collapsed=network,nope&seed=3' },
    async (app) => {
      const { page } = app;
      const notice = page.getByTestId('link-notice');
      await notice.waitFor();
      const text = await notice.textContent();
      for (const part of ['eta=abc', 'zzz', 'collapsed=network,nope']) assert.ok(text.includes(part), text);
      await waitReady(page);
      const cfg = await page.evaluate(() => window.__AR_STORE__.getState().config);
      assert.equal(cfg.seed, 3, 'the valid part of the link is kept');
      assert.equal(cfg.options.eta, 0.1);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      assert.equal(await notice.count(), 0);
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await until(async () => (await stepCount(page)) > 3, { message: 'the run to advance' });
      assert.deepEqual(app.errors, []);
    },
  );
});

test('the classroom link builder makes a link that hides a panel and locks a control', async () => {
  let link;
  await withApp({}, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.getByRole('button', { name: 'Classroom link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Classroom link' });
    await dialog.waitFor();
    await dialog.getByRole('group', { name: 'Hide panels' }).getByLabel('Inspector').check();
    await dialog.getByLabel('Lock Step size η').check();
    link = await dialog.getByLabel('Resulting link').inputValue();
    assert.match(link, /hide=inspector/);
    assert.match(link, /lock=eta/);
    await page.screenshot({ path: join(ARTIFACTS, 'classroom-builder-1280x800.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    assert.equal(await dialog.count(), 0);
    assert.deepEqual(app.errors, []);
  });
  await withApp({ hash: new URL(link).hash }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.getByRole('region', { name: 'Convergence' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Inspector' }).count(), 0, 'the Inspector is hidden');
    const eta = page.getByLabel('Step size η');
    assert.equal(await eta.isDisabled(), true, 'η is locked');
    const title = await page.locator('.field.slider.locked').first().getAttribute('title');
    assert.equal(title, 'Locked by your teacher');
    // The rest stays usable.
    assert.equal(await page.getByRole('switch', { name: 'Random feedback' }).isDisabled(), false);
    // A preset changes what is not locked and leaves η as the teacher set it.
    await page.getByLabel('Presets').selectOption('wavefront');
    await page.getByText('1 step/s').waitFor();
    assert.equal(await eta.inputValue(), '0.1');
    assert.deepEqual(app.errors, []);
  });
  await withApp({ hash: `${new URL(link).hash}&embed=1` }, async (app) => {
    const { page } = app;
    await page.getByRole('region', { name: 'Convergence' }).waitFor();
    assert.equal(await page.locator('.app-header').count(), 0, 'embed mode has no header');
    assert.deepEqual(app.errors, []);
  });
});

test('every preset loads and renders without console errors', async () => {
  await withApp({ query: 'debug=1' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    const ids = await page
      .getByLabel('Presets')
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(ids.length >= 8, `presets: ${ids}`);
    const state = () => page.evaluate(() => window.__AR_STORE__.getState());
    for (const id of ids) {
      const run = (await state()).run.run;
      await page.getByLabel('Presets').selectOption(id);
      const view = await page.evaluate(() => window.__AR_UI_STORE__.getState().view);
      if (view === 'lab') {
        await page.getByRole('region', { name: 'Training controls' }).waitFor();
        await page.getByRole('region', { name: 'Learning curves' }).waitFor();
        await page.getByRole('tab', { name: 'Relaxation' }).click();
      } else if (id === 'unstable') {
        await until(async () => (await state()).run.state === 'diverged' && (await state()).run.run > run, {
          timeout: 60_000,
          message: 'η = 2.2 to diverge',
        });
      } else {
        await until(
          async () => {
            const s = await page.evaluate(() => {
              const st = window.__AR_STORE__.getState();
              return { net: st.net !== null, step: st.run.step, run: st.run.run };
            });
            return s.net && s.step > 0 && s.run > run;
          },
          { timeout: 90_000, message: `preset ${id} to run` },
        );
        await page.getByRole('region', { name: 'Convergence' }).locator('.lines path').first().waitFor();
      }
      assert.deepEqual(app.errors, [], `after preset ${id}`);
    }
  });
});

test('locked run controls: the buttons are disabled with the teacher’s tooltip, and their keys do nothing', async () => {
  await withApp({ query: 'debug=1', hash: 'lock=run' }, async (app) => {
    const { page } = app;
    await until(() => page.evaluate(() => window.__AR_STORE__.getState().net !== null), {
      message: 'the network',
    });
    const group = page.getByRole('group', { name: 'Run controls' });
    assert.equal(await group.getAttribute('title'), 'Locked by your teacher');
    for (const name of ['Play', 'Step', 'Reset'])
      assert.equal(await page.getByRole('button', { name, exact: true }).isDisabled(), true, name);
    await page.locator('body').press('Space');
    await page.locator('body').press('ArrowRight');
    await page.waitForTimeout(800);
    assert.equal(await stepCount(page), 0);
    assert.deepEqual(app.errors, []);
  });
});

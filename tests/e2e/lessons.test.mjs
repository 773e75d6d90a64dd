// The guided lesson: every step loads (by Next and by a deep link), typesets its equations, sets up its
// experiment, and keeps the panels live, without console errors. Saves the README's lesson screenshots.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, stepCount, until, waitReady, withApp } from './browser.mjs';

const STEPS = 7;

test('Next walks through every lesson step, each typeset and applied, and Previous goes back', async () => {
  await withApp({ query: 'debug=1' }, async (app) => {
    const { page } = app;
    await waitReady(page);
    await page.getByRole('button', { name: 'Lesson', exact: true }).click();
    const drawer = page.getByRole('region', { name: 'Lesson' });
    await drawer.waitFor();
    for (let k = 1; k <= STEPS; k++) {
      assert.equal(await drawer.getByTestId('lesson-progress').textContent(), `Step ${k} of ${STEPS}`);
      assert.ok((await drawer.locator('.katex-display').count()) >= 1, `step ${k} has a typeset equation`);
      assert.equal(await drawer.locator('.katex-error').count(), 0, `step ${k} has no TeX errors`);
      assert.match(await drawer.locator('.lesson-try').textContent(), /^Try this:/);
      // The address follows a moment later (writes wait for a quiet spell).
      if (k > 1)
        await until(async () => (await page.evaluate(() => window.location.hash)).includes(`step=${k - 1}`), {
          message: `the link to record step ${k}`,
        });
      if (k === 2) {
        // Relaxation as dynamics: it plays while the learner reads.
        await until(async () => (await stepCount(page)) > 2, { message: 'the lesson step to run' });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(ARTIFACTS, 'lesson-step2-1280x800.png') });
      }
      if (k === 4) {
        const o = await page.evaluate(() => window.__AR_STORE__.getState().config.options);
        assert.equal(o.eta, 1);
        assert.equal(o.schedule, 'parallel');
        // Exact after L − 1 = 3 steps; the residual check stops the run one step later.
        await until(
          () =>
            page.evaluate(() => {
              const st = window.__AR_STORE__.getState();
              return st.run.state === 'converged' && st.run.step <= 5;
            }),
          { message: 'the wavefront to reach the input layer' },
        );
        // The drawer stays beside the panels (sticky): show it next to the convergence chart.
        await page.getByRole('region', { name: 'Convergence' }).evaluate((el) => el.scrollIntoView());
        await page.screenshot({ path: join(ARTIFACTS, 'lesson-step4-1280x800.png') });
      }
      if (k === 7) await page.getByRole('region', { name: 'Learning curves' }).waitFor();
      const next = drawer.getByRole('button', { name: 'Next' });
      if (k < STEPS) await next.click();
      else assert.equal(await next.isDisabled(), true);
    }
    await drawer.getByRole('button', { name: 'Previous' }).click();
    assert.equal(await drawer.getByTestId('lesson-progress').textContent(), `Step ${STEPS - 1} of ${STEPS}`);
    await drawer.getByRole('button', { name: 'Close the lesson' }).click();
    assert.equal(await drawer.count(), 0);
    assert.deepEqual(app.errors, []);
  });
});

test('every lesson step opens from a link in a freshly loaded page', async () => {
  // One browser, a full page load per link (via about:blank, so it is never a same-document hash change).
  await withApp({ query: 'debug=1', hash: 'lesson=ar&step=0' }, async (app) => {
    const { page } = app;
    const url = page.url().split('#')[0];
    for (let k = 0; k < STEPS; k++) {
      if (k > 0) {
        await page.goto('about:blank');
        await page.goto(`${url}#lesson=ar&step=${k}`);
      }
      const drawer = page.getByRole('region', { name: 'Lesson' });
      await drawer.waitFor();
      assert.equal(await drawer.getByTestId('lesson-progress').textContent(), `Step ${k + 1} of ${STEPS}`);
      await drawer.locator('.katex-display').first().waitFor();
      await page.getByRole('region', { name: k === STEPS - 1 ? 'Learning curves' : 'Convergence' }).waitFor();
      await until(() => page.evaluate(() => window.__AR_STORE__.getState().net !== null), {
        message: 'the network',
      });
      assert.deepEqual(app.errors, [], `step ${k + 1}`);
    }
  });
});

test('the lesson on a touch tablet (768×1024)', async () => {
  await withApp(
    {
      hash: 'lesson=ar&step=2',
      context: { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true },
    },
    async (app) => {
      const { page } = app;
      const drawer = page.getByRole('region', { name: 'Lesson' });
      await drawer.waitFor();
      await drawer.getByRole('button', { name: 'Next' }).tap();
      assert.equal(await drawer.getByTestId('lesson-progress').textContent(), `Step 4 of ${STEPS}`);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(ARTIFACTS, 'lesson-768x1024-touch.png') });
      assert.deepEqual(app.errors, []);
    },
  );
});
